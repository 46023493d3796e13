// Cold start, Zoom's @zoom/rivet 0.4.0: VideoSdkClient (mints its JWT) + listSessions, then exit.
// Run as `node rivet.mjs` by src/coldstart.ts.
import { VideoSdkClient } from '@zoom/rivet/videosdk';

const rivet = new VideoSdkClient({
  clientId: process.env.BENCH_API_KEY,
  clientSecret: process.env.BENCH_API_SECRET,
  baseUrl: process.env.BENCH_BASE_URL,
  disableReceiver: true,
});
const { data, statusCode } = await rivet.endpoints.sessions.listSessions({
  query: { from: '2022-09-01', to: '2022-09-02' },
});
process.stdout.write(`${statusCode} ${data.sessions.length}\n`);
process.exit(0);
