// The transport everywhere but Node (the "default" condition of core's `#transport` import): the
// platform's fetch, looked up per call so that a fetch installed later (a polyfill, a test double)
// is the one used.
import { BufferedResponse } from './transport/buffered-response.js';
import { fetchTransport } from './transport/fetch.js';

export const send = /* @__PURE__ */ fetchTransport(
  (request, init) => globalThis.fetch(request, init),
  BufferedResponse,
);
