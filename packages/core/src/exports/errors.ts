// The error classes as the package exports them: constants (with a type of the same name) bound to the
// classes in ../errors/classes.ts, rather than a re-export of that module.
//
// Why: the code that builds errors (a failed attempt, an error status) is loaded on demand, and it uses
// these classes. esbuild, splitting a bundle, loads at start every module that a module loaded at start
// imports or re-exports, when code in some other chunk uses it: a re-export from the package's entry
// would put the classes (and the redaction they run) into every bundle at start. This module is dropped
// whole from a bundle that names none of them (the package has no side effects), so there they are
// loaded with the code that throws them; a bundle that imports one (for `instanceof`) loads them at start.
import * as classes from '../errors/classes.js';

export const ZoomError = classes.ZoomError;
export type ZoomError = classes.ZoomError;
export const ZoomApiError = classes.ZoomApiError;
export type ZoomApiError = classes.ZoomApiError;
export const ZoomRateLimitError = classes.ZoomRateLimitError;
export type ZoomRateLimitError = classes.ZoomRateLimitError;
export const ZoomResponseError = classes.ZoomResponseError;
export type ZoomResponseError = classes.ZoomResponseError;
export const ZoomTimeoutError = classes.ZoomTimeoutError;
export type ZoomTimeoutError = classes.ZoomTimeoutError;
export const ZoomConnectionError = classes.ZoomConnectionError;
export type ZoomConnectionError = classes.ZoomConnectionError;
export const ZoomPaginationError = classes.ZoomPaginationError;
export type ZoomPaginationError = classes.ZoomPaginationError;
export type { ZoomRateLimitErrorInit } from '../errors/classes.js';
