const utf8 = new TextDecoder();
const EMPTY = new Uint8Array(0);
// Bytes of the body kept for an error that quotes its start (ZoomResponseError.bodyStart).
const HEAD_BYTES = 256;

/**
 * A standard `Response` whose body is already in memory. Node's own Response runs every body
 * through a web ReadableStream, which costs more per call than the node:http round trip carrying it
 * (packages/bench/README.md). Here `text()` and `json()` (what the runtime reads) decode the bytes
 * directly; `body` and the other readers go through a Response made from the same bytes when first
 * asked for. Either way the body can be read once, as with any Response.
 */
export class BufferedResponse extends Response {
  // The unread body; null for a response without one; undefined once read through a fast path.
  #bytes: Uint8Array | null | undefined;
  readonly #init: ResponseInit;
  readonly #url: string;
  #streamed: Response | undefined;

  constructor(bytes: Uint8Array | null, init: ResponseInit, url: string) {
    super(null, init);
    // No bytes is no body (`body` null, `text()` ''), as for a 204: the client reads either as `data: null`.
    this.#bytes = bytes?.byteLength === 0 ? null : bytes;
    this.#init = init;
    this.#url = url;
  }

  /**
   * The first bytes of the body of a response a transport made, before anything has read it; the
   * policy keeps them with the call (../policy/call.ts) as soon as the transport answers. Undefined for
   * another Response, or one without a body.
   */
  static headOf(response: Response): Uint8Array | undefined {
    if (!(#bytes in response) || !response.#bytes) return undefined;
    // A copy: a view would keep the whole body in memory for as long as the call's state lives.
    return new Uint8Array(response.#bytes.subarray(0, HEAD_BYTES));
  }

  /**
   * Whether a response came without a body, answered without asking for `body`: on a BufferedResponse that
   * getter makes a web stream (and Node loads its streams on first use), which a body already read as text
   * never needs. Any other Response is asked for `body`.
   */
  static hasNoBody(response: Response): boolean {
    return #bytes in response ? response.#bytes === null : response.body === null;
  }

  override get url(): string {
    return this.#url;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#bytes === null ? null : this.#stream().body;
  }

  override get bodyUsed(): boolean {
    return this.#bytes === undefined || !!this.#streamed?.bodyUsed;
  }

  override text(): Promise<string> {
    const bytes = this.#bytes;
    if (this.#streamed || bytes === undefined) return this.#stream().text();
    // Read once: the bytes need not stay in memory as long as the Response does. A response without
    // a body reads as empty every time, as a Response with a null body does.
    if (bytes) this.#bytes = undefined;
    return Promise.resolve(bytes ? utf8.decode(bytes) : '');
  }

  override json(): Promise<unknown> {
    return this.text().then(JSON.parse);
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#stream().arrayBuffer();
  }

  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#stream().bytes();
  }

  override blob(): Promise<Blob> {
    return this.#stream().blob();
  }

  override formData(): Promise<FormData> {
    return this.#stream().formData();
  }

  override clone(): Response {
    if (this.bodyUsed) throw new TypeError('Response.clone: the body has already been read.');
    return new BufferedResponse(this.#bytes as Uint8Array | null, this.#init, this.#url);
  }

  #stream(): Response {
    if (!this.#streamed) {
      const bytes = this.#bytes;
      this.#streamed = new Response((bytes === undefined ? EMPTY : bytes) as Uint8Array<ArrayBuffer>, this.#init);
      // Already read through a fast path: the stream exists but is used up, as on any read Response.
      if (bytes === undefined) this.#streamed.body?.cancel();
    }
    return this.#streamed;
  }
}
