// Bundle-size consumer for comparison: the same call through Zoom's @zoom/rivet Video SDK client.
// Bundled like one-operation.ts; its type assertions are erased too.
import { VideoSdkClient } from '@zoom/rivet/videosdk';

const rivet = new VideoSdkClient({
  clientId: process.env.ZOOM_API_KEY as string,
  clientSecret: process.env.ZOOM_API_SECRET as string,
  disableReceiver: true,
});
const { data } = await rivet.endpoints.sessions.listSessions({ query: { from: '2022-09-01', to: '2022-09-02' } });
console.log((data as NonNullable<typeof data>).sessions?.length);
