-- Moves one entry to the dead-letter stream with its reason, acks it and moves the
-- checkpoint, all in one atomic step, fenced by the lease — together with the ack of the
-- entries processed before it and the handlers' partition state, which may already hold the
-- work of handlers that succeeded on this entry, so it is never saved with a checkpoint
-- before the entry.
-- KEYS[1] the partition stream, KEYS[2] the lease, KEYS[3] the group's checkpoint hash,
-- KEYS[4] the dead-letter stream, KEYS[5] the group's set of remembered ids (same hash tag)
-- ARGV[1] the group, ARGV[2] the holder's lease value, ARGV[3] the entry id,
-- ARGV[4] the reason, ARGV[5] deliveries so far, ARGV[6] dead-letter MAXLEN (approximate),
-- ARGV[7] the entry's fields as a JSON array ('' when the entry was trimmed away),
-- ARGV[8] the partition state (JSON), or '' when unchanged,
-- ARGV[9] n, the number of ids to remember; ARGV[10..9+n] those ids,
-- ARGV[10+n..] ids of entries processed before this one, not yet acked (ascending, maybe none)
-- Returns the dead-letter entry id; error 'FENCED ...' when the lease is not held.
if redis.call('GET', KEYS[2]) ~= ARGV[2] then
  return redis.error_reply('FENCED lease of ' .. KEYS[1] .. ' is not held by ' .. ARGV[2])
end
local remembered = tonumber(ARGV[9])
-- In slices: Lua's unpack fails past ~8,000 values, and a slow ack can carry many ids.
for first = 10, 9 + remembered, 1000 do
  redis.call('SADD', KEYS[5], unpack(ARGV, first, math.min(first + 999, 9 + remembered)))
end
if #ARGV >= 10 + remembered then
  redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 10 + remembered))
end
local id = redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[6], '*',
  'stream', KEYS[1], 'entry', ARGV[3], 'group', ARGV[1], 'reason', ARGV[4],
  'deliveries', ARGV[5], 'fields', ARGV[7])
redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
local current = redis.call('HGET', KEYS[3], 'last')
local function after(a, b)
  local a_ms, a_seq = string.match(a, '^(%d+)-(%d+)$')
  local b_ms, b_seq = string.match(b, '^(%d+)-(%d+)$')
  a_ms, b_ms = tonumber(a_ms), tonumber(b_ms)
  return a_ms > b_ms or (a_ms == b_ms and tonumber(a_seq) > tonumber(b_seq))
end
if not current or after(ARGV[3], current) then
  redis.call('HSET', KEYS[3], 'last', ARGV[3])
end
if ARGV[8] ~= '' then
  redis.call('HSET', KEYS[3], 'state', ARGV[8])
end
return id
