// Errors that end a source, as opposed to bad records, which never do (they come out as
// RejectedRecords). Told apart by class or `code`, never by message text.

/** The source is configured wrongly: an unknown column, a bad timestamp pattern, no symbol. */
export class SourceConfigError extends Error {
  readonly code = 'SOURCE_CONFIG';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SourceConfigError';
  }
}

/** The source's input cannot be read at all (a missing file, a read error). */
export class SourceReadError extends Error {
  readonly code = 'SOURCE_READ';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SourceReadError';
  }
}

/**
 * One field of one input record is wrong. Parsers throw it (a WebSocket `parse` function
 * may too) and the source turns it into a RejectedRecord for that field.
 */
export class FieldError extends Error {
  readonly code = 'INVALID_FIELD';
  readonly field: string;

  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FieldError';
    this.field = field;
  }
}
