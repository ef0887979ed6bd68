/** One thing wrong with an event, located by its wire field path (e.g. `data.bid_price`). */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/**
 * An event that cannot be built or decoded: it says which fields are wrong and why.
 * Consumers send the entry to the dead-letter queue with this message as the reason.
 */
export class InvalidEventError extends Error {
  readonly code = 'INVALID_EVENT';
  readonly issues: readonly FieldIssue[];
  /** The event id, when the input had a readable one. */
  readonly eventId: string | undefined;

  constructor(issues: readonly FieldIssue[], context: { eventId?: string | undefined; what?: string } = {}) {
    const what = context.what ?? 'event';
    const where = context.eventId === undefined ? '' : ` ${context.eventId}`;
    super(`invalid ${what}${where}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
    this.name = 'InvalidEventError';
    this.issues = issues;
    this.eventId = context.eventId;
  }
}
