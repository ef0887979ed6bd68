// The errors the replay library throws on purpose. The service maps them to HTTP problem
// details (400, 404, 409) and the CLI to exit codes (2 for bad input, 1 otherwise).

/** Input that cannot be used: says what is wrong and where (a parameter, a position). */
export class BadInputError extends Error {
  /** The parameter at fault, e.g. `filter` or `from`. */
  readonly parameter: string;
  /** For an expression: the 0-based character offset of the fault. */
  readonly position: number | undefined;

  constructor(parameter: string, message: string, position?: number) {
    super(`${parameter}: ${message}`);
    this.name = 'BadInputError';
    this.parameter = parameter;
    this.position = position;
  }
}

/** The thing asked for does not exist (an event id, a run, a dead letter, a saved rewind). */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The request is valid but refused in the current state (live consumers, the source namespace as target, history trimmed). */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}
