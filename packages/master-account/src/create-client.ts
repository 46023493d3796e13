import { type Client, createZoomClient, type ZoomClientOptions } from '@zoom-api/core';
import { createClientConfig } from './client-config.js';

/**
 * A master-account client, for both the Video SDK and the Accounts operations on sub accounts:
 * `getDailyUsageReport({ client, path: { accountId }, query: { year, month } })`.
 */
export function createMasterAccountClient(options: ZoomClientOptions = {}): Client {
  return createZoomClient(options, createClientConfig);
}
