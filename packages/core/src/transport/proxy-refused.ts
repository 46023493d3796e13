// Its own module: only code loaded on demand (the proxy agent that detects a refusal, and the policy's
// recovery, which does not retry one) refers to it.

/**
 * A transport's rejection when the proxy itself refused the request: its answer to CONNECT (the tunnel
 * for an https: target) was not 200, or it answered a forwarded request 407. Nothing reached Zoom.
 * `proxy` is the proxy's URL with any credentials replaced by `***`.
 */
export class ProxyRefused extends Error {
  constructor(
    readonly proxy: string,
    readonly status: number,
    statusText: string | undefined,
    tunnel: boolean,
  ) {
    const answer = `${tunnel ? 'CONNECT answered ' : 'answered '}${status}${statusText ? ` ${statusText}` : ''}`;
    const fix =
      status === 407
        ? 'check the user and password in the proxy URL (HTTPS_PROXY / HTTP_PROXY, or the proxy option)'
        : "the proxy's rules may not allow this host; set NO_PROXY or the proxy option if it should not be used";
    super(`the proxy ${proxy} refused the ${tunnel ? 'tunnel' : 'request'} (${answer}): ${fix}`);
  }
}
