// Every operation of @zoom-api/master-account/accounts, through its real client, against Prism mocking
// specs/accounts-ma.json.
import * as entry from '@zoom-api/master-account/accounts';
import { describeContract } from './helpers/contract.js';

describeContract({
  document: 'accounts-ma',
  entryName: '@zoom-api/master-account/accounts',
  entry,
  createClient: entry.createMasterAccountClient,
});
