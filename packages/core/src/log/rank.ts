// How severe each level is, for deciding whether a line is written: only the writing of lines needs it
// (./policy-logger.ts, ./request-log.ts, loaded on demand), so it is apart from ./level.ts, which loads
// at start. Typed by LogLevel, so a level added there and missing here (or the reverse) does not compile.
import type { LogLevel } from './level.js';

export const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, off: 100 };
