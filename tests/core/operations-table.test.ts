// What a caller looks up before calling: an operation's rate-limit category in a product's operations
// table (from Zoom's document), and that category's limit in RATE_LIMIT_PLANS, both from the product.
import { operations, RATE_LIMIT_PLANS } from '@zoom-api/videosdk';
import { describe, expect, it } from 'vitest';

describe("a product's operations table", () => {
  it('gives listSessions its category from Zoom’s document, whose limit RATE_LIMIT_PLANS has', () => {
    const listing = operations.find((op) => op.name === 'listSessions');
    expect(listing?.rateLimit.category).toBe('RESOURCE-INTENSIVE');
    expect(RATE_LIMIT_PLANS.pro['RESOURCE-INTENSIVE']).toEqual({ perMinute: 10 });
  });
});
