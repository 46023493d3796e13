import { type Client, createZoomClient, type ZoomClientOptions } from '@zoom-api/core';
import { createClientConfig } from './client-config.js';

export * from './generated/sdk.gen.js';
export type * from './generated/types.gen.js';
export { operations } from './generated/operations.gen.js';
export { client as defaultClient } from './generated/client.gen.js';

/** A Cobrowse SDK API client: `listLiveSessions({ client, query })`. */
export function createCobrowseClient(options: ZoomClientOptions = {}): Client {
  return createZoomClient(options, createClientConfig);
}
