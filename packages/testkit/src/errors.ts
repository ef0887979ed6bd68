// Named error classes with stable `code` strings, so callers and tests can branch on
// `error.code` instead of parsing messages.

/** Thrown by {@link waitFor} when the condition did not become truthy before the deadline. */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
  readonly code = 'WAIT_TIMEOUT';
  /** What was being waited for, as given in `description`. */
  readonly description: string;
  /** The deadline that passed, in milliseconds. */
  readonly timeoutMs: number;
  /** How many times the predicate was called. */
  readonly attempts: number;
  /** The last falsy value the predicate returned, if its last attempt returned at all. */
  readonly lastValue: unknown;

  constructor(
    message: string,
    details: { description: string; timeoutMs: number; attempts: number; lastValue: unknown },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.description = details.description;
    this.timeoutMs = details.timeoutMs;
    this.attempts = details.attempts;
    this.lastValue = details.lastValue;
  }
}

/** No Redis could be provided: no `redis-server` binary and no working container runtime. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
  readonly code = 'REDIS_UNAVAILABLE';
}

/** A `redis-server` process failed to start or to answer PING in time. */
export class RedisStartError extends Error {
  override readonly name = 'RedisStartError';
  readonly code = 'REDIS_START_FAILED';
  /** The port the server was started on. */
  readonly port: number;
  /** The last lines of the server's log (and of its stdout/stderr), for diagnosis. */
  readonly logTail: string;
  /** True when the port was taken by someone else between choosing it and binding it. */
  readonly addressInUse: boolean;

  constructor(
    message: string,
    details: { port: number; logTail: string; addressInUse: boolean },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.port = details.port;
    this.logTail = details.logTail;
    this.addressInUse = details.addressInUse;
  }
}

/** A method was called in a state that does not allow it (e.g. `restart()` after `stop()`). */
export class RedisStateError extends Error {
  override readonly name = 'RedisStateError';
  readonly code = 'REDIS_INVALID_STATE';
}

/** Fault injection (kill, restart, pause, resume) was asked of a container-backed Redis. */
export class FaultInjectionUnsupportedError extends Error {
  override readonly name = 'FaultInjectionUnsupportedError';
  readonly code = 'FAULT_INJECTION_UNSUPPORTED';
}

/** Forming a Redis Cluster failed: `redis-cli --cluster create` failed or the cluster never became ok. */
export class RedisClusterError extends Error {
  override readonly name = 'RedisClusterError';
  readonly code = 'REDIS_CLUSTER_FAILED';
}

/** An option has a value the testkit cannot honour (e.g. fewer than 3 cluster masters). */
export class TestkitOptionError extends Error {
  override readonly name = 'TestkitOptionError';
  readonly code = 'TESTKIT_INVALID_OPTION';
}
