-- Requeues dead letters of one partition: each is appended again to the partition stream with
-- its original fields plus where it came from, unless it was requeued before. Idempotent:
-- the requeued hash (dead-letter id -> new entry id) is checked and written in the same
-- atomic step as the append, so a requeue sent twice (a retry, a double click) re-delivers
-- the entry once. The dead letter itself stays, as history.
-- KEYS[1] the partition stream, KEYS[2] its dead-letter stream, KEYS[3] the requeued hash
-- (all under the partition's hash tag: one Cluster slot)
-- ARGV[1..n] dead-letter entry ids
-- Returns a flat list, two items per id, in order: a status and a value:
--   'requeued', the new entry id | 'already', the entry id it was requeued as earlier |
--   'missing', '' (no such dead letter: trimmed from the DLQ) |
--   'trimmed', '' (its fields were lost: trimmed from the stream before it was dead-lettered) |
--   'foreign', the stream it came from (not this partition's)
-- Earlier provenance fields of the original (a dead letter that was itself a requeued entry)
-- are dropped, so an entry carries one set: its latest requeue.
local results = {}
for i = 1, #ARGV do
  local id = ARGV[i]
  local earlier = redis.call('HGET', KEYS[3], id)
  if earlier then
    results[#results + 1] = 'already'
    results[#results + 1] = earlier
  else
    local found = redis.call('XRANGE', KEYS[2], id, id)
    if #found == 0 then
      results[#results + 1] = 'missing'
      results[#results + 1] = ''
    else
      local letter = {}
      local flat = found[1][2]
      for f = 1, #flat, 2 do
        letter[flat[f]] = flat[f + 1]
      end
      if letter['stream'] ~= KEYS[1] then
        results[#results + 1] = 'foreign'
        results[#results + 1] = letter['stream'] or ''
      elseif letter['fields'] == nil or letter['fields'] == '' then
        results[#results + 1] = 'trimmed'
        results[#results + 1] = ''
      else
        local original = cjson.decode(letter['fields'])
        local fields = {}
        for f = 1, #original - 1, 2 do
          if string.sub(original[f], 1, 9) ~= 'requeued_' then
            fields[#fields + 1] = original[f]
            fields[#fields + 1] = original[f + 1]
          end
        end
        fields[#fields + 1] = 'requeued_from'
        fields[#fields + 1] = id
        fields[#fields + 1] = 'requeued_entry'
        fields[#fields + 1] = letter['entry'] or ''
        fields[#fields + 1] = 'requeued_kind'
        fields[#fields + 1] = letter['kind'] or ''
        fields[#fields + 1] = 'requeued_reason'
        fields[#fields + 1] = letter['reason'] or ''
        fields[#fields + 1] = 'requeued_deliveries'
        fields[#fields + 1] = letter['deliveries'] or ''
        local entry = redis.call('XADD', KEYS[1], '*', unpack(fields))
        redis.call('HSET', KEYS[3], id, entry)
        results[#results + 1] = 'requeued'
        results[#results + 1] = entry
      end
    end
  end
end
return results
