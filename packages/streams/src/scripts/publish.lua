-- Appends an event to its partition stream, unless the same event id was appended within
-- the dedupe window: a producer that retries, or a handler re-run after a crash, emits
-- the same deterministic id and must not add it twice.
-- KEYS[1] the partition stream
-- KEYS[2] the dedupe marker of this event id (same hash tag as the stream)
-- ARGV[1] dedupe window in ms (0: no dedupe)
-- ARGV[2] trim strategy: 'MAXLEN', 'MINID' or '' (no trimming)
-- ARGV[3] trim threshold (approximate, '~')
-- ARGV[4..] the entry's field/value list
-- Returns {1, entry id} when appended, {0, entry id of the earlier append} for a duplicate.
local window = tonumber(ARGV[1])
if window > 0 then
  local prior = redis.call('GET', KEYS[2])
  if prior then
    return { 0, prior }
  end
end
local id
if ARGV[2] == '' then
  id = redis.call('XADD', KEYS[1], '*', unpack(ARGV, 4))
else
  id = redis.call('XADD', KEYS[1], ARGV[2], '~', ARGV[3], '*', unpack(ARGV, 4))
end
if window > 0 then
  redis.call('SET', KEYS[2], id, 'PX', window)
end
return { 1, id }
