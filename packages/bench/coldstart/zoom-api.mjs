// Cold start, ours: createZoomAuth (mints the JWT) + createVideoSdkClient + listSessions, from the
// packages' built dist/, then exit. Run as `node zoom-api.mjs` by src/coldstart.ts.
import { createZoomAuth } from '@zoom-api/auth';
import { createVideoSdkClient, listSessions } from '@zoom-api/videosdk';

const auth = createZoomAuth({ apiKey: process.env.BENCH_API_KEY, apiSecret: process.env.BENCH_API_SECRET });
const client = createVideoSdkClient({ auth, baseUrl: process.env.BENCH_BASE_URL });
const { data, response } = await listSessions({ client, query: { from: '2022-09-01', to: '2022-09-02' } });
process.stdout.write(`${response.status} ${data.sessions.length}\n`);
process.exit(0);
