-- Gives a lease up, only for the holder of the given token.
-- KEYS[1] the lease
-- ARGV[1] the holder's lease value ('<consumer>|<token>')
-- Returns 1 when released, 0 when it was not held with that token.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
