// What Redis (through ioredis) threw, told apart in one place. ioredis hands Redis' error
// replies over as plain Errors whose message starts with the reply's code (NOGROUP,
// BUSYGROUP, ...), and connection failures as Errors from the socket or its own queue; the
// runtime asks these predicates, never a regex of its own.
import { RedisUnavailableError, StreamsError } from './errors.ts';

// Node's socket errors and ioredis' own, anywhere in the message; Redis' error replies
// (still loading, no master, a read-only replica, a cluster mid-failover, a blocked read
// ended because its master became a replica) by their code at the start.
const CONNECTION_FAILURE =
  /\b(?:ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH)\b|Connection is closed|Stream isn't writeable|enableOfflineQueue|Command timed out|max retries per request|Too many Cluster redirections|^(?:LOADING|MASTERDOWN|READONLY|CLUSTERDOWN|TRYAGAIN|UNBLOCKED)\b/;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Redis could not be reached or is not serving (loading, read-only replica): worth retrying later. */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof StreamsError) return error instanceof RedisUnavailableError;
  return CONNECTION_FAILURE.test(messageOf(error));
}

/** An error reply of Redis (ioredis' ReplyError: WRONGTYPE, NOGROUP, a script's error...). */
export const isReplyError = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ReplyError';

/** The consumer group (or its stream) does not exist: deleted, or Redis restarted empty. */
export const isNoGroup = (error: unknown): boolean => messageOf(error).startsWith('NOGROUP');

/** XGROUP CREATE on a group that exists already. */
export const isBusyGroup = (error: unknown): boolean => messageOf(error).startsWith('BUSYGROUP');

/** XINFO on a key that does not exist. */
export const isNoSuchKey = (error: unknown): boolean => /no such key/i.test(messageOf(error));

/** The reply of a fenced script (scripts/settle-prelude.lua): the caller no longer holds the lease. */
export const isFencedReply = (error: unknown): boolean => messageOf(error).startsWith('FENCED');

/** Turns whatever ioredis threw into a RedisUnavailableError where it is a connection failure. */
export function toStreamsError(error: unknown, what: string): unknown {
  if (error instanceof StreamsError) return error;
  if (isConnectionFailure(error)) {
    return new RedisUnavailableError(`${what}: Redis unavailable (${messageOf(error)})`, { cause: error });
  }
  return error;
}
