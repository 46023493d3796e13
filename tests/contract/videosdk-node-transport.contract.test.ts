// Every operation of @zoom-api/videosdk against Prism again, this time as users run it on Node: no
// `fetch` on the client, so core's node:http transport and BufferedResponse carry every call, and the
// traffic is recorded on the server side by a reverse proxy in front of Prism.
import * as entry from '@zoom-api/videosdk';
import { describeContract } from './helpers/contract.js';

describeContract({
  document: 'videosdk',
  entryName: '@zoom-api/videosdk',
  entry,
  createClient: entry.createVideoSdkClient,
  record: 'server',
});
