// Cold start, bare fetch: one call with a bearer header precomputed by the parent (as in the
// call-overhead section's baseline), then exit. Run as `node fetch.mjs` by src/coldstart.ts.
const response = await fetch(`${process.env.BENCH_BASE_URL}/videosdk/sessions?from=2022-09-01&to=2022-09-02`, {
  headers: { Authorization: `Bearer ${process.env.BENCH_TOKEN}` },
});
const page = await response.json();
process.stdout.write(`${response.status} ${page.sessions.length}\n`);
// Every variant exits the same way, so lingering keep-alive sockets cost none of them anything.
process.exit(0);
