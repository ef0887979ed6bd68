-- Rewinds one partition of a consumer group: the group's last-delivered id goes back to the
-- target (so XREADGROUP hands the entries after it out again) and the checkpoint's `last`
-- with it, never forward (else the consumer would skip the re-delivered entries as applied).
-- The handlers' state is left as it is (docs/decisions/0016). Refused, changing nothing,
-- when the partition moved since it was planned.
-- KEYS[1] the partition stream, KEYS[2] the group's checkpoint hash (same hash tag)
-- ARGV[1] the group
-- ARGV[2] expected last-delivered id, ARGV[3] expected entries-read ('' when unknown),
-- ARGV[4] expected checkpoint last ('' when none), ARGV[5] expected max-deleted-entry-id,
-- ARGV[6] the first entry to deliver again ('' when none): it must still exist,
-- ARGV[7] the target (the new last-delivered id; '0-0' for everything kept),
-- ARGV[8] entries in (target, last-delivered], counted by the caller
-- Returns {'ok', entries-read set ('' when it could not be computed)} or {'stale', why}.

local function after(a, b)
  local a_ms, a_seq = string.match(a, '^(%d+)-(%d+)$')
  local b_ms, b_seq = string.match(b, '^(%d+)-(%d+)$')
  a_ms, b_ms = tonumber(a_ms), tonumber(b_ms)
  return a_ms > b_ms or (a_ms == b_ms and tonumber(a_seq) > tonumber(b_seq))
end

-- XINFO replies are flat name/value lists in Lua; a nil value arrives as false.
local function field(reply, name)
  for i = 1, #reply, 2 do
    if reply[i] == name then
      return reply[i + 1]
    end
  end
  return nil
end

if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'stale', 'the stream is gone'}
end
local group = nil
for _, row in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  if field(row, 'name') == ARGV[1] then
    group = row
  end
end
if not group then
  return {'stale', 'the group is gone'}
end
local last_delivered = field(group, 'last-delivered-id')
local entries_read = field(group, 'entries-read')
entries_read = entries_read and tostring(entries_read) or ''
local checkpoint = redis.call('HGET', KEYS[2], 'last') or ''
local info = redis.call('XINFO', 'STREAM', KEYS[1])
local max_deleted = field(info, 'max-deleted-entry-id')
if last_delivered ~= ARGV[2] then
  return {'stale', 'last-delivered id is ' .. last_delivered .. ', planned at ' .. ARGV[2]}
end
if entries_read ~= ARGV[3] then
  return {'stale', 'entries-read is ' .. entries_read .. ', planned at ' .. ARGV[3]}
end
if checkpoint ~= ARGV[4] then
  return {'stale', 'checkpoint is ' .. checkpoint .. ', planned at ' .. ARGV[4]}
end
if max_deleted ~= ARGV[5] then
  return {'stale', 'entries were deleted since the plan (max-deleted-entry-id ' .. max_deleted .. ')'}
end
if ARGV[6] ~= '' and #redis.call('XRANGE', KEYS[1], ARGV[6], ARGV[6]) == 0 then
  return {'stale', 'entry ' .. ARGV[6] .. ' was trimmed since the plan'}
end

-- ENTRIESREAD keeps the group's lag right (lag = entries-added - entries-read). Back to the
-- start it is every entry not kept; otherwise the old count less the entries handed out
-- again, exact only when no entry after the target was deleted (a deleted one was counted
-- when read but is not in the caller's count). Where it cannot be computed, SETID without it
-- leaves the lag unknown until the group reaches the end of the stream again.
local target = ARGV[7]
local new_read = nil
if target == '0-0' then
  new_read = field(info, 'entries-added') - field(info, 'length')
elseif entries_read ~= '' and (max_deleted == '0-0' or not after(max_deleted, target)) then
  new_read = tonumber(entries_read) - tonumber(ARGV[8])
  if new_read < 0 then
    -- The caller's count disagrees with Redis' own: better unknown than wrong.
    new_read = nil
  end
end
if new_read then
  redis.call('XGROUP', 'SETID', KEYS[1], ARGV[1], target, 'ENTRIESREAD', new_read)
else
  redis.call('XGROUP', 'SETID', KEYS[1], ARGV[1], target)
end

if target == '0-0' then
  redis.call('HDEL', KEYS[2], 'last')
elseif checkpoint ~= '' and after(checkpoint, target) then
  redis.call('HSET', KEYS[2], 'last', target)
end
return {'ok', new_read and tostring(new_read) or ''}
