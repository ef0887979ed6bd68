-- Puts one partition of a consumer group back where a rewind found it: last-delivered id,
-- entries-read and the checkpoint's `last`, as saved before the rewind (undo).
-- KEYS[1] the partition stream, KEYS[2] the group's checkpoint hash (same hash tag)
-- ARGV[1] the group, ARGV[2] the saved last-delivered id,
-- ARGV[3] the saved entries-read ('' when it was unknown), ARGV[4] the saved checkpoint last
-- ('' when there was none)
-- Returns 'ok', or 'missing' (changing nothing) when the stream or the group is gone.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'missing'
end
local found = false
for _, row in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  -- A row is a flat name/value list; its 'name' comes first.
  for i = 1, #row, 2 do
    if row[i] == 'name' and row[i + 1] == ARGV[1] then
      found = true
    end
  end
end
if not found then
  return 'missing'
end
if ARGV[3] == '' then
  redis.call('XGROUP', 'SETID', KEYS[1], ARGV[1], ARGV[2])
else
  redis.call('XGROUP', 'SETID', KEYS[1], ARGV[1], ARGV[2], 'ENTRIESREAD', ARGV[3])
end
if ARGV[4] == '' then
  redis.call('HDEL', KEYS[2], 'last')
else
  redis.call('HSET', KEYS[2], 'last', ARGV[4])
end
return 'ok'
