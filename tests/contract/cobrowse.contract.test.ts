// Every operation of @zoom-api/cobrowse, through its real client, against Prism mocking specs/cobrowse.json.
import * as entry from '@zoom-api/cobrowse';
import { describeContract } from './helpers/contract.js';

describeContract({
  document: 'cobrowse',
  entryName: '@zoom-api/cobrowse',
  entry,
  createClient: entry.createCobrowseClient,
});
