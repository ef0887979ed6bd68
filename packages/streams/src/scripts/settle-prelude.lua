-- The steps shared by the scripts that settle entries (ack.lua, dead-letter.lua): the lease
-- fence, the remembered ids, the ack, and the checkpoint. scripts.ts puts this file in front
-- of each of those scripts when it loads them, so each is still one self-contained script
-- (EVALSHA, reloaded by ioredis after a SCRIPT FLUSH or a restart): docs/decisions/0013.
-- It only defines local functions.
-- KEYS, ARGV: none of its own; its functions take the keys and ARGV positions to use.
-- Returns nothing (a script's body follows); each function says what it returns.

-- Redis' Lua 5.1 fails to unpack past ~8,000 values ("too many results to unpack"), and an
-- ack or a dead-letter move may carry more ids than that: lists of ids go in slices.
local SLICE = 1000

-- The error reply that refuses a stale owner, or nil when `holder` ('<consumer>|<token>')
-- still holds `lease`. XACK alone takes no consumer name, so a stale owner could ack.
local function fence_refusal(stream, lease, holder)
  if redis.call('GET', lease) ~= holder then
    return redis.error_reply('FENCED lease of ' .. stream .. ' is not held by ' .. holder)
  end
  return nil
end

-- Adds ARGV[first..last] (none when last < first) to the set `key`.
local function remember_ids(key, first, last)
  for from = first, last, SLICE do
    redis.call('SADD', key, unpack(ARGV, from, math.min(from + SLICE - 1, last)))
  end
end

-- XACKs ARGV[first..last] (none when last < first); returns how many were acked.
local function ack_ids(stream, group, first, last)
  local acked = 0
  for from = first, last, SLICE do
    acked = acked + redis.call('XACK', stream, group, unpack(ARGV, from, math.min(from + SLICE - 1, last)))
  end
  return acked
end

-- True when stream id `a` comes after stream id `b`.
local function after(a, b)
  local a_ms, a_seq = string.match(a, '^(%d+)-(%d+)$')
  local b_ms, b_seq = string.match(b, '^(%d+)-(%d+)$')
  a_ms, b_ms = tonumber(a_ms), tonumber(b_ms)
  return a_ms > b_ms or (a_ms == b_ms and tonumber(a_seq) > tonumber(b_seq))
end

-- Moves the checkpoint hash `key` to entry `id` (nil: no entry), forward only: a late ack
-- never moves it back. Saves the partition state unless it is '' (unchanged).
local function save_checkpoint(key, id, state)
  if id then
    local current = redis.call('HGET', key, 'last')
    if not current or after(id, current) then
      redis.call('HSET', key, 'last', id)
    end
  end
  if state ~= '' then
    redis.call('HSET', key, 'state', state)
  end
end
