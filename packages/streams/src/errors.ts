// Errors of the streams runtime: told apart by class or `code`, never by message text.

export type StreamsErrorCode = 'REDIS_UNAVAILABLE' | 'FENCED' | 'HISTORY_TRIMMED' | 'STOPPED' | 'BAD_OPTIONS';

export class StreamsError extends Error {
  readonly code: StreamsErrorCode;

  constructor(code: StreamsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StreamsError';
    this.code = code;
  }
}

/** Redis could not be reached or dropped the connection; the command was not (known to be) applied. */
export class RedisUnavailableError extends StreamsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('REDIS_UNAVAILABLE', message, options);
    this.name = 'RedisUnavailableError';
  }
}

/** This consumer no longer holds the partition's lease: its ack or dead-letter was refused. */
export class FencedError extends StreamsError {
  constructor(message: string) {
    super('FENCED', message);
    this.name = 'FencedError';
  }
}

/** A read asked for history that retention already trimmed away. */
export class HistoryTrimmedError extends StreamsError {
  constructor(message: string) {
    super('HISTORY_TRIMMED', message);
    this.name = 'HistoryTrimmedError';
  }
}

/** Options that cannot work, e.g. a lease renewal slower than the lease's TTL. */
export class BadOptionsError extends StreamsError {
  constructor(message: string) {
    super('BAD_OPTIONS', message);
    this.name = 'BadOptionsError';
  }
}

const CONNECTION_FAILURE =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|Connection is closed|Stream isn't writeable|enableOfflineQueue|Command timed out|max retries per request|LOADING|MASTERDOWN|READONLY/i;

/** Turns whatever ioredis threw into a StreamsError where it is a connection failure. */
export function toStreamsError(error: unknown, what: string): unknown {
  if (error instanceof StreamsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (CONNECTION_FAILURE.test(message)) {
    return new RedisUnavailableError(`${what}: Redis unavailable (${message})`, { cause: error });
  }
  return error;
}
