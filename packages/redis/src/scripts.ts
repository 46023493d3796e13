// The two short Lua scripts of the store, for the parts rate-limiter-flexible cannot express.
//
// rate-limiter-flexible counts points in windows that Redis times itself (each key's TTL is the window).
// That fits the daily budgets (one counter per UTC day, see redis-store.ts), but not these two:
// - Even spacing. A call may go `intervalMs` after the previous call of its budget, measured on the
//   caller's clock (`now` is an argument of the store contract, the same clock the limiter plans its
//   waits with). The library's windows start at the first point on Redis' clock and its `execEvenly`
//   delays calls inside one process; neither hands out "the next free moment" shared by every process.
//   Redis itself has no compare-and-set on a value, so "if the stored moment has passed, store mine"
//   must run as one script.
// - All or nothing. A call is counted in every budget or in none, and the check of the category's
//   pause (set after Zoom answered 429) belongs to the same decision. The library's RateLimiterUnion
//   consumes from each limiter separately and leaves the others consumed when one refuses.
//
// Times travel as the decimal strings JavaScript made, and are stored as given: Lua's own number
// formatting keeps 14 digits, fewer than an epoch in milliseconds with a fraction needs.

/**
 * Checks the pause and every spacing budget at `now`; if all allow it, moves each budget's next free
 * moment and answers with the values it replaced (so that a refusal further on can give them back).
 *
 * KEYS[1]: the scope's pauses, a sorted set of category → paused until (epoch ms).
 * KEYS[2..n]: one key per spacing budget, holding its next free moment (epoch ms).
 * ARGV[1]: the category; ARGV[2]: now; then for each spacing key: its new next moment, its TTL in ms.
 * Returns {'pause', until} | {'spacing', index of the budget from 1, next moment} | {'ok', previous…}
 * where a previous value of '' means the key did not exist.
 */
export const CLAIM = `
local now = tonumber(ARGV[2])
local paused = redis.call('ZSCORE', KEYS[1], ARGV[1])
if paused and tonumber(paused) > now then return {'pause', paused} end
for i = 2, #KEYS do
  local at = redis.call('GET', KEYS[i])
  if at and tonumber(at) > now then return {'spacing', tostring(i - 1), at} end
end
local previous = {'ok'}
for i = 2, #KEYS do
  previous[i] = redis.call('GET', KEYS[i]) or ''
  redis.call('SET', KEYS[i], ARGV[2 * i - 1], 'PX', ARGV[2 * i])
end
return previous
`;

/**
 * Gives back what CLAIM took when a daily budget refused the call: each spacing key gets its previous
 * value again, unless another process has moved it since (then its value is newer and stays).
 *
 * KEYS: the spacing keys CLAIM set. ARGV, per key: the value CLAIM set, the previous value ('' for
 * none), the TTL in ms.
 */
export const RELEASE = `
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[3 * i - 2] then
    if ARGV[3 * i - 1] == '' then
      redis.call('DEL', KEYS[i])
    else
      redis.call('SET', KEYS[i], ARGV[3 * i - 1], 'PX', ARGV[3 * i])
    end
  end
end
return #KEYS
`;
