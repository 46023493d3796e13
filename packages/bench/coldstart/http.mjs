// Cold start, references for the target rather than clients anyone should ship. `node http.mjs`: the
// least a Node client can do, one `node:http` request with the bearer the parent precomputed (no web
// `Request`, so undici never loads, and no signing). `node http.mjs jose`: the same after minting the
// JWT with jose's CompactSign, the one jose module @zoom-api/auth imports, with the same header and
// claims: the least a client that mints with jose can do. Run by src/coldstart.ts.
import { request } from 'node:http';

async function bearer() {
  if (process.argv[2] !== 'jose') return process.env.BENCH_TOKEN;
  const { CompactSign } = await import('jose/jws/compact/sign');
  const utf8 = new TextEncoder();
  const iat = Math.floor(Date.now() / 1000) - 30;
  const claims = JSON.stringify({ iss: process.env.BENCH_API_KEY, iat, exp: iat + 3600 });
  return new CompactSign(utf8.encode(claims))
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(utf8.encode(process.env.BENCH_API_SECRET));
}

const url = `${process.env.BENCH_BASE_URL}/videosdk/sessions?from=2022-09-01&to=2022-09-02`;
request(url, { headers: { Authorization: `Bearer ${await bearer()}` } }, (response) => {
  const chunks = [];
  response.on('data', (chunk) => chunks.push(chunk));
  response.on('end', () => {
    const page = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    process.stdout.write(`${response.statusCode} ${page.sessions.length}\n`);
    process.exit(0);
  });
}).end();
