// Dead letters written straight into a partition's dead-letter stream, field for field as
// the streams runtime writes them, so a test has exact kinds and reasons without racing a consumer.
import { type AnyEvent, encodeEvent, type PartitionKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';

export interface LetterSpec {
  readonly kind: 'undecodable' | 'invalid' | 'failed' | 'permanent' | 'trimmed';
  readonly reason: string;
  /** The event it held; none: trimmed away (not requeueable). */
  readonly event?: AnyEvent;
}

/** Appends one dead letter to `keys.deadLetter`; returns its id. */
export async function addDeadLetter(
  redis: RedisClient,
  keys: PartitionKeys,
  letter: LetterSpec,
): Promise<string> {
  return (await redis.xadd(
    keys.deadLetter,
    '*',
    'kind',
    letter.kind,
    'reason',
    letter.reason,
    'stream',
    keys.stream,
    'entry',
    '1-1',
    'event_id',
    letter.event?.id ?? '',
    'group',
    'cli-test',
    'handler',
    '',
    'deliveries',
    '3',
    'at',
    String(Date.now()),
    'fields',
    letter.event === undefined ? '' : JSON.stringify(encodeEvent(letter.event)),
  )) as string;
}
