// The one copy of hey-api's fetch runtime in the monorepo. Generated product code imports it from
// here ('@hey-api/client-fetch' is resolved to '@zoom-api/core' at generation time).
export type {
  Auth,
  Client,
  ClientMeta,
  ClientOptions,
  Config,
  CreateClientConfig,
  Options,
  QuerySerializerOptions,
  RequestOptions,
  RequestResult,
  ResolvedRequestOptions,
  ResponseStyle,
  TDataShape,
} from './generated/client/index.js';
export {
  buildClientParams,
  createConfig,
  formDataBodySerializer,
  jsonBodySerializer,
  mergeHeaders,
  serializeQueryKeyValue,
  urlSearchParamsBodySerializer,
} from './generated/client/index.js';
export {
  createClient,
  createZoomClient,
  DEFAULT_BASE_URL,
  type ProductConfig,
  withProductDefaults,
  type ZoomClientConfig,
  type ZoomClientOptions,
} from './client.js';
export type { OperationInfo, OperationParameterInfo } from './operation-info.js';
export type { TokenProvider } from './token-provider.js';
