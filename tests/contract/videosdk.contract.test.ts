// Every operation of @zoom-api/videosdk, through its real client, against Prism mocking specs/videosdk.json.
import * as entry from '@zoom-api/videosdk';
import { describeContract } from './helpers/contract.js';

describeContract({
  document: 'videosdk',
  entryName: '@zoom-api/videosdk',
  entry,
  createClient: entry.createVideoSdkClient,
});
