// Reading the operator audit log a page at a time, newest or oldest first, filtered by action
// and by who did it. A page reads at most MAX_SCANNED entries, so a filter that matches
// rarely returns a short page with a cursor instead of reading the whole log.
import { operatorKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { assertEntryId } from '../entry-ids.ts';
import { BadInputError } from '../errors.ts';
import { type AuditEntry, parseAuditEntry } from './audit-log.ts';

export interface ReadAuditOptions {
  /** Entries per page, 1 to 1,000. */
  readonly limit: number;
  /** The previous page's nextCursor. */
  readonly cursor?: string;
  readonly order: 'newest' | 'oldest';
  /** Only entries of this action (exact). */
  readonly action?: string;
  /** Only entries by this operator (exact). */
  readonly by?: string;
}

export interface AuditPage {
  readonly entries: AuditEntry[];
  /** Where the next page starts; undefined when the log has no more entries. */
  readonly nextCursor: string | undefined;
}

const MAX_PAGE = 1_000;
const MAX_SCANNED = 10_000;

/** A page of `namespace`'s audit log (see ReadAuditOptions); nextCursor continues it. */
export async function readAudit(
  redis: RedisClient,
  namespace: string,
  options: ReadAuditOptions,
): Promise<AuditPage> {
  const { limit, cursor, order, action, by } = options;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new BadInputError(
      'limit',
      `must be an integer from 1 to ${MAX_PAGE}, got ${JSON.stringify(limit)}`,
    );
  }
  if (order !== 'newest' && order !== 'oldest') {
    throw new BadInputError('order', `must be 'newest' or 'oldest', got ${JSON.stringify(order)}`);
  }
  if (cursor !== undefined) assertEntryId('cursor', cursor);
  const key = operatorKeys(namespace).audit;
  const pageSize = action === undefined && by === undefined ? limit : MAX_PAGE;
  const entries: AuditEntry[] = [];
  let start = cursor === undefined ? (order === 'newest' ? '+' : '-') : `(${cursor}`;
  let scanned = 0;
  for (;;) {
    const page =
      order === 'newest'
        ? await redis.xrevrange(key, start, '-', 'COUNT', pageSize)
        : await redis.xrange(key, start, '+', 'COUNT', pageSize);
    for (const [index, [id, fields]] of page.entries()) {
      scanned++;
      const entry = parseAuditEntry(id, fields);
      if ((action === undefined || entry.action === action) && (by === undefined || entry.by === by)) {
        entries.push(entry);
      }
      if (entries.length === limit || scanned === MAX_SCANNED) {
        const more = index < page.length - 1 || page.length === pageSize;
        return { entries, nextCursor: more ? id : undefined };
      }
    }
    const last = page.at(-1);
    if (page.length < pageSize || last === undefined) return { entries, nextCursor: undefined };
    start = `(${last[0]}`;
  }
}
