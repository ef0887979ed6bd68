-- Acks processed entries and moves the checkpoint (with the handlers' partition state and
-- the ids they asked to remember) in one atomic step, fenced by the lease.
-- Loaded after settle-prelude.lua (fence_refusal, remember_ids, ack_ids, save_checkpoint).
-- KEYS[1] the partition stream, KEYS[2] the lease, KEYS[3] the group's checkpoint hash,
-- KEYS[4] the group's set of remembered ids (same hash tag)
-- ARGV[1] the group, ARGV[2] the holder's lease value ('<consumer>|<token>')
-- ARGV[3] the handlers' partition state after these entries (JSON), or '' when unchanged
-- ARGV[4] n, the number of ids to remember; ARGV[5..4+n] those ids
-- ARGV[5+n..] entry ids, ascending
-- Returns the number of entries acked; error 'FENCED ...' when the lease is not held.
local refusal = fence_refusal(KEYS[1], KEYS[2], ARGV[2])
if refusal then
  return refusal
end
local remembered = tonumber(ARGV[4])
remember_ids(KEYS[4], 5, 4 + remembered)
local acked = ack_ids(KEYS[1], ARGV[1], 5 + remembered, #ARGV)
local last = nil
if #ARGV >= 5 + remembered then
  last = ARGV[#ARGV]
end
save_checkpoint(KEYS[3], last, ARGV[3])
return acked
