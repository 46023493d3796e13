// The store's Lua scripts. A call's claim is one script: it checks the category's pause and every budget
// the call draws from, and only when all of them allow it counts the call in each, so two processes can
// never both take the last unit of a budget, and a refused call leaves nothing behind to give back.
//
// Every script starts with `#!lua` (Redis 7): Redis then decides before running it whether it may write,
// and refuses the whole script (OOM when `maxmemory` is reached under `noeviction`, READONLY on a replica,
// MISCONF after a failed save) instead of failing at its first write. So a claim is counted entirely or
// not at all, and PROBE can ask "would you take a write now?" without writing anything.
//
// Times travel as the decimal strings JavaScript made and are stored as given: Lua's own number
// formatting keeps 14 digits, fewer than an epoch in milliseconds with a fraction needs.

/**
 * Claims one call at `now`, all or nothing.
 *
 * KEYS[1]: the scope's pauses, a sorted set of category → paused until (epoch ms).
 * KEYS[2..]: one key per rule, in the order of the rules: a spacing budget holds its next free moment
 * (epoch ms), a daily budget the calls counted that UTC day.
 * ARGV[1]: the category; ARGV[2]: now; then three values per rule:
 *   'spacing', its next free moment if this call goes, its key's TTL in ms; or
 *   'daily', its limit, its key's TTL in ms.
 * Returns {'ok'} | {'pause', until} | {'spacing', rule index from 1, next free moment} | {'daily', rule index}.
 */
export const CLAIM = `#!lua
local now = tonumber(ARGV[2])
local paused = redis.call('ZSCORE', KEYS[1], ARGV[1])
if paused and tonumber(paused) > now then return {'pause', paused} end
for i = 2, #KEYS do
  local stored = redis.call('GET', KEYS[i])
  if ARGV[3 * i - 3] == 'spacing' then
    if stored and tonumber(stored) > now then return {'spacing', i - 1, stored} end
  elseif stored and tonumber(stored) >= tonumber(ARGV[3 * i - 2]) then
    return {'daily', i - 1}
  end
end
for i = 2, #KEYS do
  if ARGV[3 * i - 3] == 'spacing' then
    redis.call('SET', KEYS[i], ARGV[3 * i - 2], 'PX', ARGV[3 * i - 1])
  elseif redis.call('INCR', KEYS[i]) == 1 then
    redis.call('PEXPIRE', KEYS[i], ARGV[3 * i - 1])
  end
end
return {'ok'}
`;

/**
 * Pauses a category after Zoom answered 429; a longer pause already set wins, and so does its expiry.
 *
 * KEYS[1]: the scope's pauses. ARGV[1]: the category; ARGV[2]: until (epoch ms); ARGV[3]: TTL in ms.
 */
export const PAUSE = `#!lua
redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3], 'NX')
redis.call('PEXPIRE', KEYS[1], ARGV[3], 'GT')
return 1
`;

/**
 * Writes nothing, but is not declared `no-writes`: Redis refuses it exactly when it would refuse CLAIM.
 * PING cannot tell that: a Redis out of memory still answers PONG.
 */
export const PROBE = `#!lua
return 1
`;
