// What the fake knows of Zoom's documents: written at build time by scripts/codegen/testing/generate-fake.ts
// from specs/*.json into src/generated/ (never committed), one module per document, loaded on first use.
// Schemas are Zoom's, with prose and vendor extensions left out and every `$ref` inlined.

/** A JSON Schema as OpenAPI 3.0/3.1 writes one (validation keywords, `example`, `default`, `title`). */
export type Schema = { readonly [keyword: string]: unknown };

export type RateLimitCategory = 'LIGHT' | 'MEDIUM' | 'HEAVY' | 'RESOURCE-INTENSIVE';

export interface ParameterModel {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly schema: Schema;
  /** Zoom asks for the value to be percent-encoded twice when it contains `/` (session IDs). */
  readonly doubleEncode?: true;
}

export interface BodyModel {
  readonly required: boolean;
  /** Media type → the schema of a body of that type. */
  readonly content: Readonly<Record<string, { readonly schema?: Schema }>>;
}

/** The success answer: the lowest 2xx the document gives. */
export interface ResponseModel {
  readonly status: number;
  readonly mediaType?: string;
  readonly schema?: Schema;
  /** The document's example of the whole answer, when it has one. */
  readonly example?: unknown;
  /** Present for a list: the answer's array field, paged with `next_page_token`. */
  readonly pagination?: { readonly items: string };
}

export interface OperationModel {
  /** The exported function's name in the product package, e.g. `listSessions`. */
  readonly name: string;
  readonly method: string;
  /** As in the document, e.g. `/videosdk/sessions/{sessionId}`. */
  readonly path: string;
  readonly category: RateLimitCategory;
  readonly parameters: readonly ParameterModel[];
  readonly body: BodyModel | null;
  readonly response: ResponseModel;
}

export interface EventModel {
  /** e.g. `session.started`. */
  readonly name: string;
  /** The schema of the whole notification body (`event`, `event_ts`, `payload`). */
  readonly schema: Schema;
  readonly example?: unknown;
}

/** One document's share of the model. */
export interface DocumentModel {
  readonly id: string;
  readonly operations: readonly OperationModel[];
  readonly events: readonly EventModel[];
}

/** One of Zoom's documents the fake was built from, as its `info` and its canonical hash name it. */
export interface ZoomDocumentInfo {
  /** The manifest's id, e.g. `videosdk`. */
  readonly id: string;
  /** e.g. `videosdk.json`. */
  readonly file: string;
  /** The document's `info.title`. */
  readonly title: string;
  /** The document's `info.version`. */
  readonly version: string;
  /** The sha256 of the document's RFC 8785 canonical JSON, as `specs/manifest.json` records it. */
  readonly sha256: string;
}

/** Enough to route a request without loading any document: the rest comes with the document. */
export interface RouteRow {
  /** The document whose model answers (the first listed, where two documents share a route). */
  readonly document: string;
  readonly name: string;
  readonly method: string;
  readonly path: string;
}
