// The dead-letter stream of a partition (`<partition stream>:dlq`): its entries' schema, and
// the move of one entry there. The move is one fenced script (scripts/dead-letter.lua):
// it acks the entry together with the entries processed before it, moves the checkpoint
// past it and saves the state and remembered ids as of just before it — so a dead-lettered
// entry leaves no trace in the state — all in one atomic step.

/** Why an entry was dead-lettered. */
export type DeadLetterKind =
  /** The fields are not an event envelope at all (no readable id). */
  | 'undecodable'
  /** An envelope that fails its schema (the reason lists the issues). */
  | 'invalid'
  /** A handler failed on every one of maxDeliveries attempts. */
  | 'failed'
  /** A handler threw PermanentError: retrying can never help. */
  | 'permanent'
  /** Retention trimmed the entry from the stream while it was pending. */
  | 'trimmed';

export const DEAD_LETTER_KINDS: readonly DeadLetterKind[] = [
  'undecodable',
  'invalid',
  'failed',
  'permanent',
  'trimmed',
];

/** One dead-letter entry, as stored (every field is a string in Redis). */
export interface DeadLetter {
  /** The dead-letter entry's own id: its append time is when the move happened. */
  readonly id: string;
  readonly kind: DeadLetterKind;
  readonly reason: string;
  /** The partition stream and entry id the entry came from. */
  readonly stream: string;
  readonly entry: string;
  /** The event id, when the entry had a readable one. */
  readonly eventId: string | undefined;
  readonly group: string;
  /** The handler that failed (failed, permanent), else undefined. */
  readonly handler: string | undefined;
  readonly deliveries: number;
  /** When it was moved, ms since the epoch (Redis' clock). */
  readonly at: number;
  /** The original entry's fields, name/value pairs; null when it was trimmed away. */
  readonly fields: string[] | null;
}

/** A dead-letter stream entry (as XRANGE returns it) read into its schema. */
export function parseDeadLetter(id: string, flat: readonly string[]): DeadLetter {
  const field = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) field.set(flat[i] as string, flat[i + 1] as string);
  const text = (name: string) => field.get(name) ?? '';
  const optional = (name: string) => (text(name) === '' ? undefined : text(name));
  const kind = text('kind') as DeadLetterKind;
  if (!DEAD_LETTER_KINDS.includes(kind))
    throw new TypeError(`dead-letter entry ${id} has no known kind: "${kind}"`);
  return {
    id,
    kind,
    reason: text('reason'),
    stream: text('stream'),
    entry: text('entry'),
    eventId: optional('event_id'),
    group: text('group'),
    handler: optional('handler'),
    deliveries: Number(text('deliveries')),
    at: Number(text('at')),
    fields: text('fields') === '' ? null : (JSON.parse(text('fields')) as string[]),
  };
}
