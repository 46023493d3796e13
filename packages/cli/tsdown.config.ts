import { packageBuild } from '../../tsdown.base.ts';

// ./mock (the Prism launcher) runs on Node only and finds Prism with createRequire(import.meta.url),
// which the CommonJS build needs shimmed.
export default packageBuild(import.meta.dirname, { platform: 'node', shims: true });
