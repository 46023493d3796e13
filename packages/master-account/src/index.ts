// @zoom-api/master-account: every operation of videosdk-ma and accounts-ma from one entry point.
// Written by `pnpm products:sync`.
export * from './generated/entry.gen.js';
