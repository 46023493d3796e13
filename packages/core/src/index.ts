// The one copy of hey-api's fetch runtime in the monorepo, plus the request policy every product
// client sends through. Generated product code imports the runtime from here ('@hey-api/client-fetch'
// is resolved to '@zoom-api/core' at generation time).

export { TOKEN_PROVIDER_SECRETS, type TokenProvider } from './auth/token-provider.js';
export {
  type Client,
  createClient,
  createZoomClient,
  DEFAULT_BASE_URL,
  type ProductConfig,
  withProductDefaults,
} from './client.js';
export {
  ZoomApiError,
  ZoomConnectionError,
  ZoomError,
  ZoomPaginationError,
  ZoomRateLimitError,
  type ZoomRateLimitErrorInit,
  ZoomResponseError,
  ZoomTimeoutError,
} from './errors/classes.js';
export type { RequestTarget } from './errors/target.js';
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
export type {
  ZoomAttemptEvent,
  ZoomHooks,
  ZoomResponseEvent,
  ZoomRetryEvent,
  ZoomRetryReason,
} from './log/hooks.js';
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
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT,
  type RequestPolicyOptions,
  type RetryOptions,
} from './policy/settings.js';
export type { RateLimitInfo } from './rate-limit/headers.js';
export {
  DEFAULT_MAX_WAIT,
  RATE_LIMIT_PLANS,
  type RateLimitOptions,
  type RateLimitPlan,
  type RateLimitPlanLimits,
  type RateLimitWindowLimits,
  SPACING_MARGIN,
} from './rate-limit/limiter.js';
export { DAILY_PAUSE_MARGIN_MS, MAX_QPS_PAUSE_MS, parseRetryAfter } from './rate-limit/retry-after.js';
export {
  DEFAULT_RATE_LIMIT_CATEGORY,
  memoryStore,
  nextUtcMidnight,
  RATE_LIMIT_CATEGORIES,
  type RateLimitCategory,
  type RateLimitRule,
  type RateLimitStore,
  type RateLimitTable,
  type RateLimitTake,
  utcDay,
} from './rate-limit/store.js';
export type { RequestResult, ResponseData, ZoomRequestError } from './result.js';
export type { ProxyOption } from './transport/proxy-option.js';
export { userAgentFor } from './user-agent.js';
