import { fileURLToPath } from 'node:url';

/** The bench package folder (packages/bench); bundles resolve @zoom-api/* and @zoom/rivet from here. */
export const BENCH_PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** Where results and profiles go: bench/ at the repository root. */
export const OUTPUT_DIR = fileURLToPath(new URL('../../../bench/', import.meta.url));
export const CONSUMERS_DIR = fileURLToPath(new URL('../consumers/', import.meta.url));
