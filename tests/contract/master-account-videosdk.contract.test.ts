// Every operation of @zoom-api/master-account/videosdk, through its real client, against Prism mocking
// specs/videosdk-ma.json.
import * as entry from '@zoom-api/master-account/videosdk';
import { describeContract } from './helpers/contract.js';

describeContract({
  document: 'videosdk-ma',
  entryName: '@zoom-api/master-account/videosdk',
  entry,
  createClient: entry.createMasterAccountClient,
});
