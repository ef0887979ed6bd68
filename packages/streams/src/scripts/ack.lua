-- Acks processed entries and moves the checkpoint (with the handlers' partition state and
-- the ids they asked to remember) in one atomic step, fenced by the lease:
-- XACK alone takes no consumer name, so a stale owner could ack; this refuses it.
-- KEYS[1] the partition stream, KEYS[2] the lease, KEYS[3] the group's checkpoint hash,
-- KEYS[4] the group's set of remembered ids (same hash tag)
-- ARGV[1] the group, ARGV[2] the holder's lease value ('<consumer>|<token>')
-- ARGV[3] the handlers' partition state after these entries (JSON), or '' when unchanged
-- ARGV[4] n, the number of ids to remember; ARGV[5..4+n] those ids
-- ARGV[5+n..] entry ids, ascending
-- Returns the number of entries acked; error 'FENCED ...' when the lease is not held.
if redis.call('GET', KEYS[2]) ~= ARGV[2] then
  return redis.error_reply('FENCED lease of ' .. KEYS[1] .. ' is not held by ' .. ARGV[2])
end
local remembered = tonumber(ARGV[4])
-- In slices: Lua's unpack fails past ~8,000 values, and a slow ack can carry many ids.
for first = 5, 4 + remembered, 1000 do
  redis.call('SADD', KEYS[4], unpack(ARGV, first, math.min(first + 999, 4 + remembered)))
end
local acked = redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 5 + remembered))
local last = ARGV[#ARGV]
local current = redis.call('HGET', KEYS[3], 'last')
local function after(a, b)
  local a_ms, a_seq = string.match(a, '^(%d+)-(%d+)$')
  local b_ms, b_seq = string.match(b, '^(%d+)-(%d+)$')
  a_ms, b_ms = tonumber(a_ms), tonumber(b_ms)
  return a_ms > b_ms or (a_ms == b_ms and tonumber(a_seq) > tonumber(b_seq))
end
if not current or after(last, current) then
  redis.call('HSET', KEYS[3], 'last', last)
end
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[3], 'state', ARGV[3])
end
return acked
