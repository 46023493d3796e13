// The policy's retry decisions and backoff bounds (from source).
import { describe, expect, it } from 'vitest';
import { backoffDelay, retryDelayFor } from '../../src/policy/retry.js';
import { resolvePolicy } from '../../src/policy/settings.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('backoff', () => {
  const settings = resolvePolicy({});

  it('defaults: 0.5 s × 2ⁿ, capped at 8 s, jittered within the upper half of each step', () => {
    expect(settings).toEqual({
      timeout: 60_000,
      maxResponseBytes: 64 * 1024 * 1024,
      maxRetries: 2,
      maxRetryAfterMs: 60_000,
      baseDelay: 500,
      maxDelay: 8000,
    });
    const steps = [500, 1000, 2000, 4000, 8000, 8000, 8000];
    steps.forEach((step, n) => {
      expect(backoffDelay(n, settings, () => 0)).toBe(step / 2);
      expect(backoffDelay(n, settings, () => 0.999_999)).toBeCloseTo(step, 2);
    });
  });

  it('a 429 waits for Retry-After, a 5xx backs off, a POST 5xx and a 4xx are not retried', () => {
    const response = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers });
    expect(retryDelayFor(response(429, { 'Retry-After': '3' }), 'POST', 0, settings, NOW)).toBe(3000);
    expect(retryDelayFor(response(429, { 'Retry-After': '61' }), 'GET', 0, settings, NOW)).toBeUndefined();
    expect(retryDelayFor(response(503), 'GET', 1, settings, NOW)).toBeGreaterThanOrEqual(500);
    expect(retryDelayFor(response(503), 'POST', 0, settings, NOW)).toBeUndefined();
    expect(retryDelayFor(response(502), 'PATCH', 0, settings, NOW)).toBeUndefined();
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']) {
      expect(retryDelayFor(response(500), method, 0, settings, NOW)).toBeDefined();
    }
    expect(retryDelayFor(response(404), 'GET', 0, settings, NOW)).toBeUndefined();
    for (const status of [501, 505, 506, 507, 508, 510, 511, 599]) {
      expect(retryDelayFor(response(status), 'GET', 0, settings, NOW)).toBeUndefined();
    }
    for (const status of [502, 503, 504])
      expect(retryDelayFor(response(status), 'GET', 0, settings, NOW)).toBeDefined();
    expect(retryDelayFor(response(503), 'GET', 2, settings, NOW)).toBeUndefined();
  });
});
