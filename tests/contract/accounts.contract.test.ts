// Every operation of @zoom-api/accounts, through its real client, against Prism mocking specs/accounts.json.
import * as entry from '@zoom-api/accounts';
import { describeContract } from './helpers/contract.js';

describeContract({
  document: 'accounts',
  entryName: '@zoom-api/accounts',
  entry,
  createClient: entry.createAccountsClient,
});
