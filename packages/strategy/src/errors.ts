// The SDK's errors: each has a stable `code`, so callers tell them apart without reading
// messages. signal-engine sends an input whose handling throws to the dead-letter queue.

/** One parameter that failed validation, e.g. `{ param: 'slowPeriod', message: '…' }`. */
export interface ParamIssue {
  readonly param: string;
  readonly message: string;
}

/** `create(rawParams)` was given parameters the strategy's schema rejects: all of them, at once. */
export class StrategyParamsError extends Error {
  readonly code = 'INVALID_STRATEGY_PARAMS';
  readonly strategy: string;
  readonly issues: readonly ParamIssue[];

  constructor(strategy: string, issues: readonly ParamIssue[]) {
    super(
      `${strategy}: invalid params (${issues.length} problem${issues.length === 1 ? '' : 's'}): ` +
        issues.map((issue) => `${issue.param}: ${issue.message}`).join('; '),
    );
    this.name = 'StrategyParamsError';
    this.strategy = strategy;
    this.issues = issues;
  }
}

/**
 * A strategy's state holds something a snapshot cannot carry exactly (a Map, a class
 * instance, a function, one object reachable twice): a bug in the strategy, reported with
 * the path to the value when the symbol's state is first created.
 */
export class StateNotSnapshotableError extends Error {
  readonly code = 'STATE_NOT_SNAPSHOTABLE';
  /** Where in the state, e.g. `state.fast.window`. */
  readonly path: string;

  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'StateNotSnapshotableError';
    this.path = path;
  }
}

/** `restore(snapshot)` was given a snapshot this strategy cannot take; nothing was changed. */
export class InvalidSnapshotError extends Error {
  readonly code = 'INVALID_STRATEGY_SNAPSHOT';

  constructor(strategy: string, problem: string, options?: { cause?: unknown }) {
    super(`${strategy}: cannot restore snapshot: ${problem}`, options);
    this.name = 'InvalidSnapshotError';
  }
}

/** A strategy emitted a signal that is not a valid Signal payload (e.g. strength "1.5"). */
export class InvalidSignalError extends Error {
  readonly code = 'INVALID_SIGNAL';

  constructor(strategy: string, problems: readonly string[]) {
    super(`${strategy}: emitted an invalid signal: ${problems.join('; ')}`);
    this.name = 'InvalidSignalError';
  }
}
