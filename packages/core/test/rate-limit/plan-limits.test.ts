// rateLimit.limits over the plan's table: a field given replaces the plan's; one left out, or given as
// undefined (the option types accept undefined as "not given"), keeps the plan's limit.
import { describe, expect, it } from 'vitest';
import { rulesFor } from '../../src/rate-limit/limiter.js';
import { RATE_LIMIT_PLANS, SPACING_MARGIN } from '../../src/rate-limit/plans.js';

describe('rateLimit.limits over the plan', () => {
  it("keeps the plan's limit for a field left out or given as undefined", () => {
    const planned = rulesFor('pro');
    expect(rulesFor('pro', { HEAVY: {} })).toEqual(planned);
    expect(rulesFor('pro', { HEAVY: { perSecond: undefined, perMinute: undefined, perDay: undefined } })).toEqual(
      planned,
    );
    expect(rulesFor('pro', { 'HEAVY+RESOURCE-INTENSIVE': { perDay: undefined } })).toEqual(planned);
  });

  it("replaces the plan's limit for a field given, and only that one", () => {
    const rules = rulesFor('free', { HEAVY: { perSecond: 5, perDay: undefined } });
    expect(rules.HEAVY).toEqual([
      { budget: 'HEAVY/second', kind: 'spacing', intervalMs: 200 * SPACING_MARGIN },
      { budget: 'HEAVY/day', kind: 'daily', limit: RATE_LIMIT_PLANS.free.HEAVY.perDay },
    ]);
    expect(rules.LIGHT).toEqual(rulesFor('free').LIGHT);
  });
});
