// Records what really went over the wire: the client is given this `fetch`, so every request our
// code builds (path, query, headers, body, bearer token) is seen exactly as Prism receives it.

export interface Exchange {
  method: string;
  url: URL;
  requestHeaders: Headers;
  requestBody: string;
  status: number;
  responseHeaders: Headers;
  responseBody: string;
}

export function recordingFetch(exchanges: Exchange[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const requestBody = request.body ? await request.clone().text() : '';
    const response = await globalThis.fetch(request);
    exchanges.push({
      method: request.method,
      url: new URL(request.url),
      requestHeaders: request.headers,
      requestBody,
      status: response.status,
      responseHeaders: response.headers,
      responseBody: await response.clone().text(),
    });
    return response;
  };
}
