-- Records a group member's heartbeat in server time and returns the live members, so all
-- consumers judge liveness by one clock.
-- KEYS[1] the group's members sorted set
-- ARGV[1] the member's name, ARGV[2] member TTL in ms
-- Returns the names of members seen within the TTL, sorted.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 10)
return redis.call('ZRANGE', KEYS[1], 0, -1)
