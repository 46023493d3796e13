// Control for test/types.test.ts: compiled with tsconfig.negative.json, which must FAIL on `next_page_tokn`:
// the checks above really type-check zoom.on's answer against the operation's.
import { listSessions } from '@zoom-api/videosdk';
import type { FakeZoom } from '../../src/index.js';

export function misspelt(zoom: FakeZoom): void {
  zoom.on(listSessions, () => ({ sessions: [], next_page_tokn: '' }));
}
