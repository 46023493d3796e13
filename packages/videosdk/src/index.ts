// @zoom-api/videosdk (videosdk): generated code only, see specs/manifest.json.
// Written by `pnpm products:sync`.
export * from './generated/entry.gen.js';
