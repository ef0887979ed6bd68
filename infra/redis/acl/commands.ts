// The Redis commands each part of Tickflow sends, grouped by what sends them. Inside a Lua
// script every redis.call is checked against the caller's own permissions, so a script's
// calls are listed with the code that runs the script (the .lua file named beside each).
// The e2e test under ACL users records every command the services send (MONITOR) and asks
// ACL DRYRUN about each, so a command missing here fails there.

/** What every connection sends: ioredis' HELLO and ready check (INFO), CLIENT SETNAME, QUIT. */
export const CONNECTION = [
  'hello',
  'client|setname',
  'client|getname',
  'info',
  'ping',
  'quit',
  // ioredis' Cluster client reads the topology with these (docs/decisions/0026).
  'cluster|slots',
  'cluster|info',
] as const;

/** ioredis sends EVAL the first time (loading the script), EVALSHA after. */
export const SCRIPTS = ['eval', 'evalsha'] as const;

/** Keyless commands: Redis' clock (scripts and pending ages read it). */
export const CLOCK = ['time'] as const;

/** A consumer's reads of its input stream (blocking-read.ts, pending-claim.ts, backlog.ts, reader.ts). */
export const CONSUME_READ = [
  'xreadgroup',
  'xpending',
  'xrange',
  'xlen',
  'exists',
  'xinfo|groups',
  'xinfo|consumers',
  'xinfo|stream',
] as const;

/**
 * A consumer's writes to its group on the input stream: ack.lua and dead-letter.lua (XACK),
 * pending-claim.ts (XAUTOCLAIM), batch.ts (XCLAIM), consumer-group.ts and consumer-names.ts.
 */
export const CONSUME_GROUP_WRITE = [
  'xack',
  'xautoclaim',
  'xclaim',
  'xgroup|create',
  'xgroup|delconsumer',
] as const;

/**
 * A consumer's own state keys: lease-acquire/-renew/-release.lua (lease, fence),
 * settle-prelude.lua and settlement.ts (checkpoint, remembered ids), heartbeat.lua and
 * lease-manager.ts (members), consumer.ts (circuits).
 */
export const CONSUMER_STATE = [
  'get',
  'set',
  'del',
  'exists',
  'incr',
  'pexpire',
  'hget',
  'hmget',
  'hset',
  'hdel',
  'sadd',
  'sismember',
  'zadd',
  'zrange',
  'zremrangebyscore',
  'zrem',
] as const;

/** dead-letter.lua and ingest's dead letters: appended, never read by their writer. */
export const APPEND = ['xadd'] as const;

/** publish.lua's calls on the marker hashes beside a stream it appends to. */
export const PUBLISH_MARKERS = ['hmget', 'hset', 'pexpireat', 'unlink'] as const;

/** Plain reads of strings and hashes (ingest's progress, the kill switch, the recorder's upstream times). */
export const GET_SET = ['get', 'set'] as const;

/** fill-recorder's hop latencies: upstream entries (XRANGE) found through their dedupe markers (HGET). */
export const UPSTREAM_READ = ['xrange', 'hget'] as const;

/**
 * Everything the operator tools read (packages/replay: queries, dead letters, group
 * inspection, the monitor's observer, the audit log, replay runs).
 */
export const READ_EVERYTHING = [
  'xrange',
  'xrevrange',
  'xlen',
  'xpending',
  'xinfo|groups',
  'xinfo|consumers',
  'xinfo|stream',
  'exists',
  'type',
  'get',
  'pttl',
  'hget',
  'hmget',
  'hgetall',
  'hlen',
  'hvals',
  'zrange',
  'zrangebyscore',
  'scard',
  'sismember',
] as const;

/** The operator's own records: replay runs (HSET, HDEL) and saved rewinds (SET, DEL). */
export const OPERATOR_RECORDS = ['hset', 'hdel', 'set', 'del'] as const;
