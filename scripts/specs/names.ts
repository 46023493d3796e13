// The typed face of scripts/codegen/names.mjs for the spec tooling. That module belongs to the code
// generator and is still JavaScript; declaring its shape here keeps the spec scripts strictly typed
// and leaves one import to change when it becomes TypeScript.
import * as names from '../codegen/names.mjs';
import type { OpenApiDocument } from './lib.ts';

/** specs/names.json: spec id → "METHOD /path" → exported function name. */
export type NamesFile = Record<string, Record<string, string>>;

/** One document's functions: "METHOD /path" → the name, and whether names.json already holds it. */
export type NameTable = Map<string, { name: string; committed: boolean }>;

export const operationKey: (method: string, path: string) => string = names.operationKey;
export const nameFromSummary: (summary: unknown) => string = names.nameFromSummary;
export const readNames: (root?: string) => NamesFile = names.readNames;
export const resolveNames: (specId: string, doc: OpenApiDocument, names?: NamesFile) => NameTable = names.resolveNames;
export const checkNames: (docs: Record<string, OpenApiDocument>, root?: string) => string[] = names.checkNames;
