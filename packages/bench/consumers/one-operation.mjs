// Bundle-size consumer (a): one Video SDK operation through the full client.
import { createZoomAuth } from '@zoom-api/auth';
import { createVideoSdkClient, listSessions } from '@zoom-api/videosdk';

const auth = createZoomAuth({ apiKey: process.env.ZOOM_API_KEY, apiSecret: process.env.ZOOM_API_SECRET });
const client = createVideoSdkClient({ auth });
const { data } = await listSessions({ client, query: { from: '2022-09-01', to: '2022-09-02' } });
console.log(data.sessions?.length);
