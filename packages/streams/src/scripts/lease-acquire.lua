-- Grants the partition's lease to a consumer if nobody holds it, with a fresh fencing token.
-- KEYS[1] the lease, KEYS[2] its fencing-token counter (same hash tag)
-- ARGV[1] the consumer's name, ARGV[2] lease TTL in ms
-- Returns the new token (> 0), or 0 when another consumer holds the lease.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
return token
