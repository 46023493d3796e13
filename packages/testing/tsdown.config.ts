import { packageBuild } from '../../tsdown.base.ts';

// The fake runs on Node (it listens on 127.0.0.1); the CommonJS build needs import.meta.url shimmed for nothing
// else, so the defaults apply.
export default packageBuild(import.meta.dirname, { platform: 'node' });
