// @zoom-api/master-account/videosdk (videosdk-ma): generated code only, see specs/manifest.json.
// Written by `pnpm products:sync`.
export * from './generated/videosdk/entry.gen.js';
