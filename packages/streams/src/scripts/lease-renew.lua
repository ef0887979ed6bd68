-- Extends a lease, only for the holder of the given token.
-- KEYS[1] the lease
-- ARGV[1] the holder's lease value ('<consumer>|<token>'), ARGV[2] lease TTL in ms
-- Returns 1 when renewed, 0 when the lease expired or moved (the caller lost it).
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
