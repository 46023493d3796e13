import { packageBuild } from '../../tsdown.base.ts';

// The fake runs on Node (it listens on 127.0.0.1). Ajv and ajv-formats are inlined (devDependencies), so that
// the `zoom-api` command, which depends on this package, stays a small install; the build writes their
// licences beside them (dist/<chunk>.LICENSE.txt, scripts/build/third-party-notices.ts).
export default packageBuild(import.meta.dirname, { platform: 'node' });
