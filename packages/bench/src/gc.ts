import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// A full collection between measured blocks, so one client's garbage is not collected on the next
// client's time. Exposing gc at run time keeps `pnpm bench` a plain command (no --expose-gc flag).
setFlagsFromString('--expose-gc');
export const collectGarbage: () => void = runInNewContext('gc');
