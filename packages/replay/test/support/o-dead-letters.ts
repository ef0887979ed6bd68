// Dead letters written straight into a partition's dead-letter stream, field for field as the
// streams runtime's dead-letter script writes them, for tests that need exact ids, kinds or a
// trimmed entry (which a live consumer produces only by racing retention).
import type { PartitionKeys } from '@tickflow/events';
import type { Redis } from 'ioredis';

export interface LetterSpec {
  /** The dead-letter entry id to use ('*' for a fresh one). */
  readonly id?: string;
  readonly kind: 'undecodable' | 'invalid' | 'failed' | 'permanent' | 'trimmed';
  readonly reason?: string;
  /** The original entry's fields; null for a trimmed one. */
  readonly fields: readonly string[] | null;
  /** The stream it came from; default the partition's own. */
  readonly stream?: string;
  readonly entry?: string;
}

/** Appends one dead letter to `keys.deadLetter`; returns its id. */
export async function addDeadLetter(redis: Redis, keys: PartitionKeys, letter: LetterSpec): Promise<string> {
  return (await redis.xadd(
    keys.deadLetter,
    letter.id ?? '*',
    'kind',
    letter.kind,
    'reason',
    letter.reason ?? `${letter.kind} for a test`,
    'stream',
    letter.stream ?? keys.stream,
    'entry',
    letter.entry ?? '1-1',
    'event_id',
    '',
    'group',
    'test-group',
    'handler',
    '',
    'deliveries',
    '1',
    'at',
    '1000',
    'fields',
    letter.fields === null ? '' : JSON.stringify(letter.fields),
  )) as string;
}
