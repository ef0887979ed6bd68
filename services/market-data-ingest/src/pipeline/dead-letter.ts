// Bad input goes to the ingest dead-letter stream, one entry per rejected record, for a
// human to read: which source, which line, which field, why, and the input itself.
import type { RedisClient } from '@tickflow/streams';
import type { RejectedRecord } from '../source-record.ts';

/** Longest raw input or reason kept in an entry: a corrupt file can have megabyte-long "lines". */
export const MAX_TEXT_CHARS = 2_048;
/** Approximate cap of the stream: dead letters are for inspection, not an archive. */
const MAX_ENTRIES = 100_000;

export interface DeadLetters {
  append(records: readonly RejectedRecord[]): Promise<void>;
}

export function redisDeadLetters(redis: RedisClient, key: string, sourceId: string): DeadLetters {
  return {
    async append(records) {
      // Issued together: the connection auto-pipelines them into one round trip.
      await Promise.all(
        records.map((record) =>
          redis.xadd(key, 'MAXLEN', '~', MAX_ENTRIES, '*', ...deadLetterFields(sourceId, record)),
        ),
      );
    },
  };
}

/** The entry's field/value list: source, line, field, reason, raw. */
export function deadLetterFields(sourceId: string, record: RejectedRecord): string[] {
  return [
    'source',
    sourceId,
    'line',
    String(record.line),
    'field',
    record.field,
    'reason',
    truncated(record.reason),
    'raw',
    truncated(record.raw),
  ];
}

/**
 * The record as its dead letter will keep it: raw input and reason cut to MAX_TEXT_CHARS, as
 * fresh strings. Done when the record joins a batch, so a batch of rejected near-limit lines
 * (up to 1 MiB each) holds kilobytes, not hundreds of megabytes, while it waits to be written.
 */
export function deadLetterRecord(record: RejectedRecord): RejectedRecord {
  if (record.raw.length <= MAX_TEXT_CHARS && record.reason.length <= MAX_TEXT_CHARS) return record;
  return { ...record, reason: truncated(record.reason), raw: truncated(record.raw) };
}

/** Room left for the `… (N chars)` note, so a cut text is at most MAX_TEXT_CHARS: cutting it again changes nothing. */
const NOTE_CHARS = 32;

function truncated(text: string): string {
  if (text.length <= MAX_TEXT_CHARS) return text;
  // A slice of a long string may keep the whole string alive (V8's sliced strings): copied.
  const head = Buffer.from(text.slice(0, MAX_TEXT_CHARS - NOTE_CHARS), 'utf8').toString('utf8');
  return `${head}… (${text.length} chars)`;
}
