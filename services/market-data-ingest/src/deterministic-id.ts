// Ingested events get ids derived from where they were read, so ingesting the same file
// again (after a crash, or on purpose) emits the very same ids and duplicates collapse.
import { derivedEventId } from '@tickflow/events';

/** Scope of every id this service derives; changing it would change them all. */
const SCOPE = 'market-data-ingest';

/**
 * The event id of the record at `line` of source `sourceId` (e.g. the file's name and
 * checksum, or a feed's name): a UUIDv5, the same on every run.
 */
export function recordEventId(sourceId: string, line: number): string {
  return derivedEventId({ scope: SCOPE, cause: sourceId, index: line });
}

/**
 * The event id of element `index` (0-based) of the message at `line` of source `sourceId`,
 * for messages that carry several records. Distinct from every recordEventId: the cause
 * names the message, so (line 5, element 0) never collides with line 5 read whole.
 */
export function elementEventId(sourceId: string, line: number, index: number): string {
  // A source id has no newline (printable ASCII): the cause is unambiguous.
  return derivedEventId({ scope: SCOPE, cause: `${sourceId}\n${line}`, index });
}
