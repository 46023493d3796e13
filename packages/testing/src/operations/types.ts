// The request and answer types of an operation, read from the generated function itself
// (`listSessions` from `@zoom-api/videosdk`), so `zoom.on(listSessions, …)` is checked against Zoom's
// document without this package depending on any product.

/** Any generated operation function: `(options) => Promise<{ data, request, response }>`. */
// biome-ignore lint/suspicious/noExplicitAny: the options of each generated function differ; only the shape matters.
export type OperationFunction = (options: any) => Promise<unknown>;

type OptionsOf<F extends OperationFunction> = NonNullable<Parameters<F>[0]>;
type Field<O, K extends string> = O extends { [P in K]?: infer V } ? V : never;

/** What a call of `F` resolves to when it throws on errors (the default): its `data` is the answer. */
type Resolved<F extends OperationFunction> = Extract<Awaited<ReturnType<F>>, { request: Request; response: Response }>;

/** The answer body of `F`, as its client hands it back (`null` for an operation that answers without a body). */
export type AnswerOf<F extends OperationFunction> = Resolved<F> extends { data: infer D } ? D : never;

/** What a handler returns for `F`: its answer body (nothing, for one without a body). */
// biome-ignore lint/suspicious/noConfusingVoidType: `() => {}` returns void, which is how a handler says "no body".
export type ReplyOf<F extends OperationFunction> = AnswerOf<F> extends null ? void | null : AnswerOf<F>;

/** A request for `F` as the fake received it: parameters with the types the document gives, the parsed body. */
export interface RequestOf<F extends OperationFunction> {
  path: Field<OptionsOf<F>, 'path'>;
  query: Field<OptionsOf<F>, 'query'>;
  body: Field<OptionsOf<F>, 'body'>;
  /** Request headers, names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
}

declare const unknownField: unique symbol;
/** The type a field gets when the operation's answer has no such field: any value there is a type error. */
export interface NotInTheAnswer {
  readonly [unknownField]: true;
}

type KeysOf<T> = T extends unknown ? keyof T : never;
type At<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/**
 * `T` with every field the answer `Shape` does not have typed `NotInTheAnswer`, at any depth. TypeScript
 * does not check a returned object literal for extra fields; this makes a misspelt field an error.
 */
export type OnlyKnownFields<Shape, T> = T extends readonly (infer Item)[]
  ? readonly OnlyKnownFields<At<NonNullable<Shape>, number>, Item>[]
  : T extends object
    ? {
        [K in keyof T]: K extends KeysOf<NonNullable<Shape>>
          ? OnlyKnownFields<At<NonNullable<Shape>, K>, T[K]>
          : NotInTheAnswer;
      }
    : T;

/** A handler for `F`: given the request, its answer (or a promise of it). */
export type Handler<F extends OperationFunction> = (request: RequestOf<F>) => ReplyOf<F> | Promise<ReplyOf<F>>;

/** `H` as `zoom.on` accepts it: its answer may only have the fields the operation's answer has. */
export type CheckedHandler<F extends OperationFunction, H> = H extends (request: never) => infer Out
  ? (
      request: RequestOf<F>,
    ) => OnlyKnownFields<ReplyOf<F>, Awaited<Out>> | Promise<OnlyKnownFields<ReplyOf<F>, Awaited<Out>>>
  : never;

/**
 * What `zoom.on` takes for `Op`: for a generated function, a handler typed by it whose answer may only have
 * the fields the operation's answer has; for a table row or `'GET /path'`, any handler.
 */
export type HandlerFor<Op> = Op extends OperationFunction
  ? (request: RequestOf<Op>) => ReplyOf<Op> | Promise<ReplyOf<Op>>
  : (request: RequestOf<OperationFunction>) => unknown;

export type CheckedHandlerFor<Op, H> = Op extends OperationFunction ? CheckedHandler<Op, H> : unknown;
