// Which of Zoom's documents this build of the fake answers from, so that a user (or `zoom-api --version`) can
// tell a fake built from older documents from a current one.
import { documentInfos } from '../generated/routes.gen.js';
import type { ZoomDocumentInfo } from './types.js';

/** The Zoom documents the fake was built from: file, `info.title`, `info.version` and canonical sha256. */
export const ZOOM_DOCUMENTS: readonly ZoomDocumentInfo[] = Object.freeze(documentInfos.map((d) => Object.freeze(d)));
