// The "node" condition of core's `#transport` import (package.json "imports"): a build entry of its own,
// so that only Node loads node:http. The transport itself is ./transport/node.ts.
export { send } from './transport/node.js';
