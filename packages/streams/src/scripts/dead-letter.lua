-- Moves one entry to the dead-letter stream with its kind and reason, acks it and moves the
-- checkpoint, all in one atomic step, fenced by the lease — together with the ack of the
-- entries processed before it and the handlers' partition state, which may already hold the
-- work of handlers that succeeded on this entry, so it is never saved with a checkpoint
-- before the entry.
-- Loaded after settle-prelude.lua (fence_refusal, remember_ids, ack_ids, save_checkpoint).
-- KEYS[1] the partition stream, KEYS[2] the lease, KEYS[3] the group's checkpoint hash,
-- KEYS[4] the dead-letter stream, KEYS[5] the group's set of remembered ids (same hash tag)
-- ARGV[1] the group, ARGV[2] the holder's lease value, ARGV[3] the entry id,
-- ARGV[4] the kind (undecodable, invalid, failed, permanent or trimmed; not checked here),
-- ARGV[5] the reason, ARGV[6] deliveries so far, ARGV[7] dead-letter MAXLEN (approximate),
-- ARGV[8] the entry's fields as a JSON array ('' when the entry was trimmed away),
-- ARGV[9] the event id ('' when unknown), ARGV[10] the handler's name ('' when none),
-- ARGV[11] the partition state (JSON), or '' when unchanged,
-- ARGV[12] n, the number of ids to remember; ARGV[13..12+n] those ids,
-- ARGV[13+n..] ids of entries processed before this one, not yet acked (ascending, maybe none)
-- The dead-letter entry's fields, in order: kind, reason, stream, entry, event_id, group,
-- handler, deliveries, at (ms since the epoch, Redis' clock), fields.
-- Returns the dead-letter entry id; error 'FENCED ...' when the lease is not held.
local refusal = fence_refusal(KEYS[1], KEYS[2], ARGV[2])
if refusal then
  return refusal
end
local remembered = tonumber(ARGV[12])
remember_ids(KEYS[5], 13, 12 + remembered)
ack_ids(KEYS[1], ARGV[1], 13 + remembered, #ARGV)
-- Redis' clock, not the caller's, so every consumer's letters share one clock. TIME in a
-- script that writes is safe: Redis 7 replicates a script's effects, not the script.
local time = redis.call('TIME')
local at = time[1] .. string.format('%03d', math.floor(tonumber(time[2]) / 1000))
local id = redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[7], '*',
  'kind', ARGV[4], 'reason', ARGV[5], 'stream', KEYS[1], 'entry', ARGV[3],
  'event_id', ARGV[9], 'group', ARGV[1], 'handler', ARGV[10], 'deliveries', ARGV[6],
  'at', at, 'fields', ARGV[8])
redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
save_checkpoint(KEYS[3], ARGV[3], ARGV[11])
return id
