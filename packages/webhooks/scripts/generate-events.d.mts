// Types of generate-events.mjs for the tests (until the generator itself is TypeScript).
export interface EventDocument {
  file: string;
  label: string;
  union: string;
  list: string;
}
export declare const EVENT_DOCUMENTS: EventDocument[];
export declare function loadDocuments(specsDir?: string, documents?: EventDocument[]): unknown;
export declare function generateEvents(loaded: unknown): { source: string; names: string[]; duplicates: string[] };
