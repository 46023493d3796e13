import { packageBuild } from '../../tsdown.base.ts';

// ioredis and node:crypto make this a Node-only package.
export default packageBuild(import.meta.dirname, { platform: 'node' });
