import { type Client, createZoomClient, type ZoomClientOptions } from '@zoom-api/core';
import { createClientConfig } from './client-config.js';

export * from './generated/sdk.gen.js';
export type * from './generated/types.gen.js';
export { operations } from './generated/operations.gen.js';
export { client as defaultClient } from './generated/client.gen.js';

/** A Video SDK API client: `listSessions({ client, query })`. */
export function createVideoSdkClient(options: ZoomClientOptions = {}): Client {
  return createZoomClient(options, createClientConfig);
}
