// queryEvents against a real Redis: small pages forward and backward visit every event
// exactly once, in the selection reader's order or its exact reverse; a filter that matches
// little stops each page at the scan budget with a cursor to go on.
import type { StoredEvent } from '@tickflow/streams';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareEntryIds } from '../src/entry-ids.ts';
import { BadInputError } from '../src/errors.ts';
import { encodeCursor } from '../src/query/cursor.ts';
import { exportEvents } from '../src/query/export-events.ts';
import { type QueryOptions, type QueryPage, queryEvents } from '../src/query/query-events.ts';
import { readSelected } from '../src/selection/read-selected.ts';
import { parseSelection, type SelectionInput } from '../src/selection/selection.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { publishHistory, where } from './support/q-history.ts';

const scope = { namespace: 'qpage', partitions: 4 };
const file = redisForThisFile();
const everything: StoredEvent[] = [];

async function allPages(input: SelectionInput, options: Omit<QueryOptions, 'cursor'>): Promise<QueryPage[]> {
  const selection = parseSelection(input, scope);
  const pages: QueryPage[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryEvents(file.redis, scope, selection, { ...options, cursor });
    pages.push(page);
    cursor = page.nextCursor;
    expect(page.exhausted).toBe(cursor === undefined);
  } while (cursor !== undefined);
  return pages;
}

beforeAll(async () => {
  await publishHistory(file.redis, scope, 50);
  for await (const { events } of readSelected(file.redis, scope, parseSelection({}, scope))) {
    everything.push(...events);
  }
});

describe('queryEvents', () => {
  it('given pages of 7 oldest first, then every event once, in append order, each page scanning only itself', async () => {
    const pages = await allPages({}, { order: 'oldest', limit: 7 });
    expect(where(pages.flatMap((page) => page.events))).toEqual(where(everything));
    for (const page of pages.slice(0, -1)) expect([page.events.length, page.scanned]).toEqual([7, 7]);
  });

  it('given pages of 5 newest first, then every event once, in the exact reverse order', async () => {
    const pages = await allPages({}, { order: 'newest', limit: 5 });
    expect(where(pages.flatMap((page) => page.events))).toEqual(where(everything.toReversed()));
  });

  it('given a range and a selection, then pages in both orders stay inside it', async () => {
    const input = {
      fromId: (everything[40] as StoredEvent).entryId,
      toId: (everything[300] as StoredEvent).entryId,
      types: 'md,order',
      symbols: 'S2,S4',
    };
    const selection = parseSelection(input, scope);
    const expected = everything.filter(
      (item) =>
        compareEntryIds(item.entryId, input.fromId) >= 0 &&
        compareEntryIds(item.entryId, input.toId) <= 0 &&
        selection.matches(item.event) &&
        selection.types.includes(item.event.type),
    );
    expect(expected.length).toBeGreaterThan(20);
    const forward = await allPages(input, { order: 'oldest', limit: 3 });
    expect(where(forward.flatMap((page) => page.events))).toEqual(where(expected));
    const backward = await allPages(input, { order: 'newest', limit: 4 });
    expect(where(backward.flatMap((page) => page.events))).toEqual(where(expected.toReversed()));
  });

  it('given a filter that matches little, then each page stops at the scan budget with a cursor to go on', async () => {
    const input = { filter: 'symbol == "S5" && event_type == "fill" && data.execution_id.endsWith("-1")' };
    const expected = everything.filter(
      (item) =>
        item.event.type === 'fill' && item.event.key === 'S5' && item.event.data.execution_id.endsWith('-1'),
    );
    expect(expected).toHaveLength(10);
    const pages = await allPages(input, { order: 'newest', limit: 1_000, scanBudget: 40 });
    expect(pages.every((page) => page.scanned <= 40)).toBe(true);
    expect(pages.slice(0, -1).every((page) => page.scanned === 40)).toBe(true);
    expect(pages.reduce((sum, page) => sum + page.scanned, 0)).toBe(everything.length);
    expect(pages.length).toBe(Math.ceil(everything.length / 40));
    expect(where(pages.flatMap((page) => page.events))).toEqual(where(expected.toReversed()));
  });

  it('refuses a bad limit, budget or cursor, and a cursor made for the other order', async () => {
    const selection = parseSelection({}, scope);
    const query = (options: Partial<QueryOptions>) =>
      queryEvents(file.redis, scope, selection, { order: 'oldest', limit: 10, ...options });
    await expect(query({ limit: 1_001 })).rejects.toThrow('limit: must be an integer from 1 to 1000');
    await expect(query({ limit: 0 })).rejects.toBeInstanceOf(BadInputError);
    await expect(query({ scanBudget: 100_001 })).rejects.toThrow('scanBudget: must be an integer');
    await expect(query({ cursor: 'not-a-cursor!' })).rejects.toThrow('cursor: not a cursor');
    await expect(query({ cursor: Buffer.from('{"v":1}').toString('base64url') })).rejects.toThrow(
      'cursor: was made for order newest',
    );
    const newest = encodeCursor('newest', new Map([['md:1', '1-0']]));
    await expect(query({ cursor: newest })).rejects.toThrow('not oldest');
    const { nextCursor } = await query({ limit: 3 });
    await expect(query({ cursor: nextCursor })).resolves.toMatchObject({ scanned: 10 });
  });

  it('exports the selection as NDJSON lines of plain JSON', async () => {
    const lines: string[] = [];
    for await (const line of exportEvents(file.redis, scope, parseSelection({ types: 'fill' }, scope))) {
      lines.push(line);
    }
    const fills = everything.filter((item) => item.event.type === 'fill');
    expect(lines).toHaveLength(fills.length);
    expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    const first = JSON.parse(lines[0] as string);
    const stored = fills[0] as StoredEvent;
    expect(first).toMatchObject({
      stream: stored.stream,
      partition: stored.partition,
      entryId: stored.entryId,
      appendMs: Number(stored.entryId.split('-')[0]),
      id: stored.event.id,
      type: 'fill',
      ts_event: stored.event.ts_event.toString(),
      cause: stored.event.cause,
      data: stored.event.data,
    });
  });
});
