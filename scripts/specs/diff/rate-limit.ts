// A changed rate-limit label gets its own line: the description change alone would hide that calls of
// the function now draw from another budget. It is a patch: no caller's code changes.
import { DEFAULT_CATEGORY, readRateLimitLabel } from '../../codegen/rate-limits.ts';
import type { ListedOperation } from '../lib.ts';
import type { Emit } from './change.ts';

export function diffRateLimit(emit: Emit, specId: string, old: ListedOperation, now: ListedOperation): void {
  const before = readRateLimitLabel(old.operation.description, { specId, method: old.method, path: old.path });
  const after = readRateLimitLabel(now.operation.description, { specId, method: now.method, path: now.path });
  if (before === after) return;
  if (before && after) emit('rate-limit-changed', 'patch', `rate limit label \`${before}\` → \`${after}\``);
  else if (after)
    emit(
      'rate-limit-changed',
      'patch',
      `rate limit label \`${after}\` added (was unlabelled: \`${DEFAULT_CATEGORY}\`)`,
    );
  else
    emit(
      'rate-limit-changed',
      'patch',
      `rate limit label \`${before}\` removed (now the default \`${DEFAULT_CATEGORY}\`)`,
    );
}
