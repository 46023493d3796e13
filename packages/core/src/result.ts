// What a generated call resolves to, as the request policy makes it behave. hey-api's own RequestResult
// types `error` as the document's error bodies and an empty (204) response's `data` as `void`; here the
// runtime hands back neither: the error interceptor turns every failure Zoom or the network caused into
// a ZoomError subclass (and anything else rejects, see createClient), and a response without a body is
// `null`. Generated code imports `RequestResult` from '@zoom-api/core', so this is the type users see.

import type {
  ZoomApiError,
  ZoomConnectionError,
  ZoomRateLimitError,
  ZoomResponseError,
  ZoomTimeoutError,
} from './errors/classes.js';
import type { RequestOptions, ResponseStyle, Client as RuntimeClient } from './generated/client/index.js';

/**
 * The `error` of a call made with `throwOnError: false`: an error status (`ZoomApiError`, or
 * `ZoomRateLimitError` for 429), a timeout, a failed connection, or a response that could not be read
 * (`ZoomResponseError`: not JSON, or larger than maxResponseBytes). Narrow it with `instanceof`.
 */
export type ZoomRequestError =
  | ZoomApiError
  | ZoomRateLimitError
  | ZoomTimeoutError
  | ZoomConnectionError
  | ZoomResponseError;

// `void` is how the generator spells "no body" (204); the runtime reads that body as `null`.
type EmptyAsNull<T> = T extends void ? null : T;

/** The success body: the operation's responses by status, as one union, with "no body" as `null`. */
export type ResponseData<TData> = EmptyAsNull<TData extends Record<string, unknown> ? TData[keyof TData] : TData>;

export type RequestResult<
  TData = unknown,
  // The document's error bodies: not what `error` holds (see ZoomRequestError), kept for the generated signatures.
  _TError = unknown,
  ThrowOnError extends boolean = boolean,
  TResponseStyle extends ResponseStyle = 'fields',
> = ThrowOnError extends true
  ? Promise<
      TResponseStyle extends 'data'
        ? ResponseData<TData>
        : { data: ResponseData<TData>; request: Request; response: Response }
    >
  : Promise<
      TResponseStyle extends 'data'
        ? ResponseData<TData> | undefined
        : ({ data: ResponseData<TData>; error: undefined } | { data: undefined; error: ZoomRequestError }) & {
            /** The request sent, when the failure came after it was built. */
            request?: Request;
            /** The response, when there was one (an error status). */
            response?: Response;
          }
    >;

type MethodFn = <
  TData = unknown,
  TError = unknown,
  ThrowOnError extends boolean = false,
  TResponseStyle extends ResponseStyle = 'fields',
>(
  options: Omit<RequestOptions<TData, TResponseStyle, ThrowOnError>, 'method'>,
) => RequestResult<TData, TError, ThrowOnError, TResponseStyle>;

type RequestFn = <
  TData = unknown,
  TError = unknown,
  ThrowOnError extends boolean = false,
  TResponseStyle extends ResponseStyle = 'fields',
>(
  options: Omit<RequestOptions<TData, TResponseStyle, ThrowOnError>, 'method'> &
    Pick<Required<RequestOptions<TData, TResponseStyle, ThrowOnError>>, 'method'>,
) => RequestResult<TData, TError, ThrowOnError, TResponseStyle>;

type MethodName = 'connect' | 'delete' | 'get' | 'head' | 'options' | 'patch' | 'post' | 'put' | 'trace';

/** hey-api's client with its calls resolving to the RequestResult above. */
export type TypedRuntimeClient = Omit<RuntimeClient, MethodName | 'request'> & {
  [M in MethodName]: MethodFn;
} & { request: RequestFn };
