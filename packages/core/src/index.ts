// The one copy of hey-api's fetch runtime in the monorepo, plus the request policy every product
// client sends through. Generated product code imports the runtime from here ('@hey-api/client-fetch'
// is resolved to '@zoom-api/core' at generation time).

export { ZOOM_AUTH_SECRETS, type ZoomAuth } from '@zoom-api/auth';
export { TOKEN_PROVIDER_SECRETS, type TokenProvider } from './auth/deprecated.js';
export {
  type Client,
  createClient,
  createZoomClient,
  DEFAULT_BASE_URL,
  type ProductConfig,
  withProductDefaults,
} from './client.js';
export type { RequestTarget } from './errors/target.js';
export {
  ZoomApiError,
  ZoomConnectionError,
  ZoomError,
  ZoomPaginationError,
  ZoomRateLimitError,
  type ZoomRateLimitErrorInit,
  ZoomResponseError,
  ZoomTimeoutError,
} from './exports/errors.js';
export {
  DAILY_PAUSE_MARGIN_MS,
  DEFAULT_MAX_WAIT,
  DEFAULT_RATE_LIMIT_CATEGORY,
  MAX_QPS_PAUSE_MS,
  memoryStore,
  nextUtcMidnight,
  parseRetryAfter,
  RATE_LIMIT_CATEGORIES,
  RATE_LIMIT_PLANS,
  type RateLimitCategory,
  type RateLimitOptions,
  type RateLimitPlan,
  type RateLimitPlanLimits,
  type RateLimitRule,
  type RateLimitStore,
  type RateLimitTable,
  type RateLimitTableSource,
  type RateLimitTake,
  type RateLimitWindowLimits,
  SPACING_MARGIN,
  utcDay,
} from './exports/rate-limit.js';
export type {
  Auth,
  ClientMeta,
  ClientOptions,
  Config,
  CreateClientConfig,
  QuerySerializerOptions,
  RequestOptions,
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
export type { LogLevel, ZoomLogger } from './log/logger.js';
export type { OperationInfo, OperationParameterInfo, OperationRateLimit } from './operation-info.js';
export type { Options, ZoomClientConfig, ZoomClientOptions } from './options.js';
export {
  type ArrayFieldOf,
  DEFAULT_MAX_PAGES,
  type ItemOf,
  type PagedOperation,
  type PageLimit,
  type PageOf,
  type PageOperation,
  type Paginate,
  type PaginateOptions,
  pageItems,
  paginate,
} from './paginate.js';
export type {
  ZoomAttemptEvent,
  ZoomHooks,
  ZoomResponseEvent,
  ZoomRetryEvent,
  ZoomRetryReason,
} from './policy/hooks.js';
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT,
  type RequestPolicyOptions,
  type RetryOptions,
} from './policy/settings.js';
export type { RateLimitInfo } from './rate-limit/headers.js';
export type { RequestResult, ResponseData, ZoomRequestError } from './result.js';
export type { ProxyOption } from './transport/proxy-option.js';
export { userAgentFor } from './user-agent.js';
