// @zoom-api/master-account/accounts (accounts-ma): generated code only, see specs/manifest.json.
// Written by `pnpm products:sync`.
export * from './generated/accounts/entry.gen.js';
