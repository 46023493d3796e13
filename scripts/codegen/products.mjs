// Which documents each generated package is built from, and where the output goes.
// The generated folders are git-ignored; packages/<name>/src/index.ts re-exports them.
export const PRODUCTS = {
  videosdk: { jobs: [{ spec: 'videosdk', output: 'src/generated' }] },
  accounts: { jobs: [{ spec: 'accounts', output: 'src/generated' }] },
  cobrowse: { jobs: [{ spec: 'cobrowse', output: 'src/generated' }] },
  'master-account': {
    jobs: [
      { spec: 'videosdk-ma', output: 'src/generated/videosdk' },
      { spec: 'accounts-ma', output: 'src/generated/accounts' },
    ],
  },
};
