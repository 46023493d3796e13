// Bundle-size consumer (a): one Video SDK operation through the full client. Only bundled (by esbuild,
// which strips the types), never run, so it is checked like the rest of the bench; the type assertions
// are erased, so the bundle holds exactly what the plain JavaScript version of this file would give.
import { createZoomAuth } from '@zoom-api/auth';
import { createVideoSdkClient, listSessions } from '@zoom-api/videosdk';

const auth = createZoomAuth({
  apiKey: process.env.ZOOM_API_KEY as string,
  apiSecret: process.env.ZOOM_API_SECRET as string,
});
const client = createVideoSdkClient({ auth });
const { data } = await listSessions({ client, query: { from: '2022-09-01', to: '2022-09-02' } });
console.log(data.sessions?.length);
