// Errors of the streams runtime: told apart by class or `code`, never by message text.

export type StreamsErrorCode = 'REDIS_UNAVAILABLE' | 'HISTORY_TRIMMED' | 'BAD_OPTIONS';

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
