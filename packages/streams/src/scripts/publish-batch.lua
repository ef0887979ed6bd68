-- Appends several events to one partition stream in one call, each unless its event id was
-- appended within the dedupe window (see publish.lua). One call instead of one per event
-- saves the client most of its per-command work on batches.
-- KEYS[1] the partition stream
-- KEYS[2..n+1] the dedupe markers of the n events, in order (same hash tag as the stream)
-- ARGV[1] dedupe window in ms (0: no dedupe)
-- ARGV[2] trim strategy: 'MAXLEN', 'MINID' or '' (no trimming)
-- ARGV[3] trim threshold (approximate, '~')
-- ARGV[4..] for each event: its field count c, then its c field/value strings
-- Returns a flat list: for each event, 1 or 0 (appended or duplicate), then its entry id.
local window = tonumber(ARGV[1])
local results = {}
local at = 4
for i = 2, #KEYS do
  local count = tonumber(ARGV[at])
  local first, last = at + 1, at + count
  at = last + 1
  local prior = false
  if window > 0 then
    prior = redis.call('GET', KEYS[i])
  end
  if prior then
    results[#results + 1] = 0
    results[#results + 1] = prior
  else
    local id
    if ARGV[2] == '' then
      id = redis.call('XADD', KEYS[1], '*', unpack(ARGV, first, last))
    else
      id = redis.call('XADD', KEYS[1], ARGV[2], '~', ARGV[3], '*', unpack(ARGV, first, last))
    end
    if window > 0 then
      redis.call('SET', KEYS[i], id, 'PX', window)
    end
    results[#results + 1] = 1
    results[#results + 1] = id
  end
end
return results
