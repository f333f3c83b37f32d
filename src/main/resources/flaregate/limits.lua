-- Flaregate's limits in Redis: the same arithmetic as LocalLimitStore, in one atomic call per check.
-- KEYS: one per limit of one owner (all with the owner's hash tag, so they share a cluster slot).
-- ARGV[1]: '1' to consume whether or not the limits fit (charging tokens used), '0' to consume only if all fit.
-- ARGV[2]: the time in microseconds, or '' for Redis' own clock (tests set it to step through time).
-- ARGV[3 + 4(i-1) ...]: for KEYS[i], the window ('m' a GCRA bucket over a minute, 's' a log of the last minute
--   in a sorted set, 'd' a count per UTC day), the limit, the units that must fit, the units to consume.
-- Returns, per key: fits (1/0), units remaining, milliseconds until the limit is whole again, milliseconds until
-- the units would fit.
-- The clock is Redis' own, so replicas whose clocks disagree still share one window.
if redis.replicate_commands then
  redis.replicate_commands()
end
local now = tonumber(ARGV[2])
if not now then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000000 + tonumber(time[2])
end
local minute = 60000000
local day = 86400000000
local force = ARGV[1] == '1'
local all_fit = true
local evaluated = {}

for i, key in ipairs(KEYS) do
  local at = 3 + (i - 1) * 4
  local window, limit, need, consume = ARGV[at], tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2]), tonumber(ARGV[at + 3])
  local e = {key = key, window = window, limit = limit, consume = consume}
  if window == 'm' then
    local interval = minute / limit
    local tat = math.max(tonumber(redis.call('GET', key) or '0'), now)
    local needed = tat + math.floor(need * interval + 0.5) - now
    e.fits = needed <= minute
    e.tat_before = tat
    e.tat_after = tat + math.floor(consume * interval + 0.5)
    e.interval = interval
    e.retry = e.fits and 0 or needed - minute
  elseif window == 's' then
    -- Scores are the times of the calls; what left the window counts for nothing, whatever the outcome.
    redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%.0f', now - minute))
    local count = redis.call('ZCARD', key)
    e.fits = count + need <= limit
    e.count = count
    e.retry = 0
    if not e.fits then
      local oldest = redis.call('ZRANGE', key, count - limit + need - 1, count - limit + need - 1, 'WITHSCORES')
      e.retry = tonumber(oldest[2]) + minute - now
    end
    local newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
    e.reset_before = newest[2] and (tonumber(newest[2]) + minute - now) or 0
  else
    local today = math.floor(now / day)
    local stored = redis.call('HMGET', key, 'day', 'used')
    local used = 0
    if tonumber(stored[1] or '-1') == today then
      used = tonumber(stored[2] or '0')
    end
    e.fits = used + need <= limit
    e.used_before = used
    e.used_after = used + consume
    e.today = today
    e.until_tomorrow = (today + 1) * day - now
    e.retry = e.fits and 0 or e.until_tomorrow
  end
  all_fit = all_fit and e.fits
  evaluated[i] = e
end

local apply = all_fit or force
local result = {}
for i, e in ipairs(evaluated) do
  local remaining, reset
  if e.window == 'm' then
    local tat = apply and e.tat_after or e.tat_before
    remaining = math.max(0, math.min(e.limit, math.floor((minute - (tat - now)) / e.interval)))
    reset = tat - now
    if apply and e.consume > 0 then
      redis.call('SET', e.key, string.format('%.0f', e.tat_after), 'PX', math.ceil((e.tat_after - now) / 1000) + 1000)
    end
  elseif e.window == 's' then
    local count = apply and e.count + e.consume or e.count
    remaining = math.max(0, e.limit - count)
    reset = e.reset_before
    if apply and e.consume > 0 then
      -- The count before this call makes the member unique among the calls of the same microsecond.
      redis.call('ZADD', e.key, string.format('%.0f', now), string.format('%.0f:%d', now, e.count))
      redis.call('PEXPIRE', e.key, minute / 1000 + 1000)
      reset = minute
    end
  else
    local used = apply and e.used_after or e.used_before
    remaining = math.max(0, e.limit - used)
    reset = e.until_tomorrow
    if apply and e.consume > 0 then
      redis.call('HSET', e.key, 'day', string.format('%.0f', e.today), 'used', string.format('%.0f', e.used_after))
      redis.call('PEXPIRE', e.key, math.ceil(e.until_tomorrow / 1000) + 60000)
    end
  end
  result[#result + 1] = e.fits and 1 or 0
  result[#result + 1] = remaining
  result[#result + 1] = math.ceil(math.max(0, reset) / 1000)
  result[#result + 1] = math.ceil(math.max(0, e.retry) / 1000)
end
return result
