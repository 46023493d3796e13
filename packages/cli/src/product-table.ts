// Written by `pnpm products:sync` from the registry in specs/manifest.json. Do not edit.
// Each import is spelled out so the bundler sees it and `zoom-api videosdk …` loads only Video SDK.
import type { ProductRow } from './products.js';

export const PRODUCT_ROWS: readonly ProductRow[] = [
  {
    name: 'videosdk',
    title: 'Video SDK API',
    packageName: '@zoom-api/videosdk',
    factory: 'createVideoSdkClient',
    load: () => import('@zoom-api/videosdk'),
    entries: [{ spec: 'videosdk', load: () => import('@zoom-api/videosdk') }],
  },
  {
    name: 'accounts',
    title: 'Accounts API',
    packageName: '@zoom-api/accounts',
    factory: 'createAccountsClient',
    load: () => import('@zoom-api/accounts'),
    entries: [{ spec: 'accounts', load: () => import('@zoom-api/accounts') }],
  },
  {
    name: 'cobrowse',
    title: 'Cobrowse SDK API',
    packageName: '@zoom-api/cobrowse',
    factory: 'createCobrowseClient',
    load: () => import('@zoom-api/cobrowse'),
    entries: [{ spec: 'cobrowse', load: () => import('@zoom-api/cobrowse') }],
  },
  {
    name: 'master-account',
    title: 'Master account APIs (Video SDK and Accounts of sub accounts)',
    packageName: '@zoom-api/master-account',
    factory: 'createMasterAccountClient',
    load: () => import('@zoom-api/master-account'),
    entries: [
      { spec: 'videosdk-ma', load: () => import('@zoom-api/master-account/videosdk') },
      { spec: 'accounts-ma', load: () => import('@zoom-api/master-account/accounts') },
    ],
  },
];
