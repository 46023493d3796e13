/**
 * The abort signal of one attempt: it fires when the caller's signal aborts (with the caller's reason)
 * or when `timeout` milliseconds pass (then `timedOut` is true). `dispose()` clears the timer and the
 * listener on the caller's signal, so a long-lived caller signal never collects listeners.
 * The instance is its own event listener (`handleEvent`), which saves a closure per attempt.
 */
export class AttemptSignal {
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  timedOut = false;

  constructor(caller: AbortSignal, timeout: number) {
    this.#caller = caller;
    if (caller.aborted) {
      this.#controller.abort(caller.reason);
      return;
    }
    caller.addEventListener('abort', this);
    this.#timer = setTimeout(expire, timeout, this);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  handleEvent(): void {
    this.#controller.abort(this.#caller.reason);
  }

  expire(): void {
    this.timedOut = true;
    this.#controller.abort(new DOMException('The request timed out.', 'TimeoutError'));
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#caller.removeEventListener('abort', this);
  }
}

function expire(attempt: AttemptSignal): void {
  attempt.expire();
}
