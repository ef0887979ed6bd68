// Where a requeued entry came from: the fields scripts/requeue-dead-letters.lua adds to the
// original ones. The event codec ignores fields it does not know, so consumers read a
// requeued entry as the original event; tools read these to tell it apart.
import type { DeadLetterKind } from '@tickflow/streams';

export interface RequeuedProvenance {
  /** The dead-letter entry it was requeued from (in the partition's dead-letter stream). */
  readonly deadLetterId: string;
  /** The entry id the event had before it was dead-lettered. */
  readonly originalEntryId: string;
  readonly kind: DeadLetterKind;
  readonly reason: string;
  /** Deliveries it had when it was dead-lettered. */
  readonly deliveries: number;
}

/** The provenance in a stream entry's flat field list, or undefined when it was not requeued. */
export function requeuedProvenance(fields: readonly string[]): RequeuedProvenance | undefined {
  const field = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) field.set(fields[i] as string, fields[i + 1] as string);
  const deadLetterId = field.get('requeued_from');
  if (deadLetterId === undefined) return undefined;
  return {
    deadLetterId,
    originalEntryId: field.get('requeued_entry') ?? '',
    // Copied by the script from a dead letter, whose kind the streams runtime wrote.
    kind: field.get('requeued_kind') as DeadLetterKind,
    reason: field.get('requeued_reason') ?? '',
    deliveries: Number(field.get('requeued_deliveries') ?? 0),
  };
}
