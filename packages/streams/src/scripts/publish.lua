-- Appends events to one partition stream, each unless its event id was appended within the
-- dedupe window: a producer that retries, or a handler re-run after a crash, emits the same
-- deterministic id and must not add it twice. One call for a single event or a batch.
--
-- Dedupe markers (event id → entry id) live in hashes beside the stream, one per window-long
-- time bucket of Redis' own clock: `<KEYS[2]>:<window>:<bucket>`. An append at time t may be
-- retried until t + window, which falls in t's bucket or the next, so the current and the
-- previous bucket are read. A marker older than the window (its entry id is its append time)
-- no longer counts, so the window is exact. Per event this is one hash field, not a key with
-- an expiry of its own, which cost Redis more than the append itself (docs/decisions/0007).
-- A bucket's hash is dropped with UNLINK by the first append two buckets later: freeing a
-- hash of a million markers takes Redis ~0.3 s, which UNLINK does in a background thread
-- while an expiry would do it inline (unless lazyfree-lazy-expire is on). The expiry, a
-- bucket after that, only clears what a stream left behind when it went quiet.
-- The bucket keys are built here from KEYS[2], under the stream's hash tag: the same slot,
-- so the script still touches one Cluster slot only.
--
-- KEYS[1] the partition stream
-- KEYS[2] the prefix of the stream's marker hashes
-- ARGV[1] dedupe window in ms (0: no dedupe)
-- ARGV[2] trim strategy: 'MAXLEN', 'MINID' or '' (no trimming)
-- ARGV[3] trim threshold (approximate, '~')
-- ARGV[4] n, the number of events
-- ARGV[5..4+n] their event ids, in order
-- then for each event: c, then (when c > 0) c field names, the layout of this event and of the
--   next ones that give c = 0; then the event's value for each name of the current layout.
--   (Names once per layout rather than per event: a batch's events nearly all share one, and
--   half the arguments the client must encode and Redis parse per event were those names.)
-- Returns a flat list: for each event, 1 or 0 (appended or duplicate), then its entry id
-- (for a duplicate, the entry id of the earlier append).
local window = tonumber(ARGV[1])
local n = tonumber(ARGV[4])
local ids = {}
for i = 1, n do
  ids[i] = ARGV[4 + i]
end

local function bucketKey(b)
  return KEYS[2] .. ':' .. window .. ':' .. b
end

local nowMs, bucket, current, recent, older
if window > 0 then
  local now = redis.call('TIME')
  nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
  bucket = math.floor(nowMs / window)
  current = bucketKey(bucket)
  recent = redis.call('HMGET', current, unpack(ids))
  older = redis.call('HMGET', bucketKey(bucket - 1), unpack(ids))
end

local results = {}
local seen = {}
local expiring = false
local at = 5 + n
local layout
for i = 1, n do
  local count = tonumber(ARGV[at])
  at = at + 1
  if count > 0 then
    layout = {}
    for j = 1, count do
      layout[j] = ARGV[at + j - 1]
    end
    at = at + count
  end
  -- The entry's field/value list: each name of the layout with this event's value.
  local fields = {}
  for j = 1, #layout do
    fields[2 * j - 1] = layout[j]
    fields[2 * j] = ARGV[at + j - 1]
  end
  at = at + #layout
  local prior = false
  if window > 0 then
    prior = seen[ids[i]] or recent[i] or older[i]
    local appendedMs = prior and tonumber(string.match(prior, '^%d+'))
    if appendedMs and appendedMs < nowMs - window then
      prior = false
    end
  end
  if prior then
    results[#results + 1] = 0
    results[#results + 1] = prior
  else
    local id
    if ARGV[2] == '' then
      id = redis.call('XADD', KEYS[1], '*', unpack(fields))
    else
      id = redis.call('XADD', KEYS[1], ARGV[2], '~', ARGV[3], '*', unpack(fields))
    end
    if window > 0 then
      -- Marked at once, each in its own step: should a later append fail, every event
      -- appended so far is still found by the retry.
      seen[ids[i]] = id
      redis.call('HSET', current, ids[i], id)
      if not expiring then
        redis.call('PEXPIREAT', current, (bucket + 3) * window)
        redis.call('UNLINK', bucketKey(bucket - 2))
        expiring = true
      end
    end
    results[#results + 1] = 1
    results[#results + 1] = id
  end
end

return results
