// Bad input goes to the ingest dead-letter stream, one entry per rejected record, for a
// human to read: which source, which line, which field, why, and the input itself.
import type { Redis } from 'ioredis';
import type { RejectedRecord } from '../source-record.ts';

/** Longest raw input or reason kept in an entry: a corrupt file can have megabyte-long "lines". */
export const MAX_TEXT_CHARS = 2_048;
/** Approximate cap of the stream: dead letters are for inspection, not an archive. */
const MAX_ENTRIES = 100_000;

export interface DeadLetters {
  append(records: readonly RejectedRecord[]): Promise<void>;
}

export function redisDeadLetters(redis: Redis, key: string, sourceId: string): DeadLetters {
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

function truncated(text: string): string {
  return text.length <= MAX_TEXT_CHARS ? text : `${text.slice(0, MAX_TEXT_CHARS)}… (${text.length} chars)`;
}
