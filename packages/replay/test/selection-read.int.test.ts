// readSelected against a real Redis: the selection's events in one append order across
// types and partitions, by append time, entry id or event time, with types, symbols and a
// filter combined, in batches that report what they scanned.
import type { StoredEvent } from '@tickflow/streams';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendMsOf, compareEntryIds } from '../src/entry-ids.ts';
import { countInRange } from '../src/selection/count-in-range.ts';
import { readSelected, type SelectedBatch } from '../src/selection/read-selected.ts';
import { parseSelection, type SelectionInput } from '../src/selection/selection.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { T0_NS } from './support/q-events.ts';
import { compareStored, publishHistory, where } from './support/q-history.ts';

const scope = { namespace: 'qsel', partitions: 4 };
const file = redisForThisFile();
let published = 0;
let everything: StoredEvent[] = [];

async function batchesOf(input: SelectionInput, pageSize?: number): Promise<SelectedBatch[]> {
  const batches: SelectedBatch[] = [];
  const selection = parseSelection(input, scope);
  for await (const batch of readSelected(file.redis, scope, selection, pageSize ? { pageSize } : {})) {
    batches.push(batch);
  }
  return batches;
}

const eventsOf = (batches: SelectedBatch[]) => batches.flatMap((batch) => batch.events);
const scannedOf = (batches: SelectedBatch[]) => batches.reduce((sum, batch) => sum + batch.scanned, 0);

beforeAll(async () => {
  published = await publishHistory(file.redis, scope, 60);
  everything = eventsOf(await batchesOf({}));
});

describe('readSelected', () => {
  it('given no bounds, then every event of every type and partition, in entry id, type, partition order', async () => {
    expect(everything).toHaveLength(published);
    for (let at = 1; at < everything.length; at++) {
      const [before, after] = [everything[at - 1] as StoredEvent, everything[at] as StoredEvent];
      expect(compareStored(before, after), `${where([before])} then ${where([after])}`).toBeLessThan(0);
    }
    expect(new Set(everything.map((item) => item.event.type)).size).toBe(4);
    expect(new Set(everything.map((item) => item.partition)).size).toBeGreaterThan(1);
    expect(await countInRange(file.redis, scope, parseSelection({}, scope))).toBe(published);
  });

  it('given pages of 7, then batches scan at most 7 each and together the whole range', async () => {
    const batches = await batchesOf({ filter: 'event_type == "fill"' }, 7);
    expect(batches.every((batch) => batch.scanned > 0 && batch.scanned <= 7)).toBe(true);
    expect(batches.every((batch) => batch.events.length <= batch.scanned)).toBe(true);
    expect(scannedOf(batches)).toBe(published);
    expect(where(eventsOf(batches))).toEqual(where(everything.filter((item) => item.event.type === 'fill')));
  });

  it('given an append-time range, then exactly the entries appended within its whole milliseconds', async () => {
    const fromMs = appendMsOf((everything[100] as StoredEvent).entryId);
    const toMs = appendMsOf((everything[400] as StoredEvent).entryId);
    const input = { from: `${fromMs}`, to: new Date(toMs).toISOString() };
    const batches = await batchesOf(input);
    const expected = everything.filter((item) => {
      const ms = appendMsOf(item.entryId);
      return ms >= fromMs && ms <= toMs;
    });
    expect(expected.length).toBeGreaterThan(300);
    expect(where(eventsOf(batches))).toEqual(where(expected));
    expect(scannedOf(batches)).toBe(expected.length);
    expect(await countInRange(file.redis, scope, parseSelection(input, scope))).toBe(expected.length);
  });

  it('given an entry-id range, then the entries between the ids in every stream', async () => {
    const fromId = (everything[50] as StoredEvent).entryId;
    const toId = (everything[250] as StoredEvent).entryId;
    const batches = await batchesOf({ fromId, toId });
    const expected = everything.filter(
      (item) => compareEntryIds(item.entryId, fromId) >= 0 && compareEntryIds(item.entryId, toId) <= 0,
    );
    expect(where(eventsOf(batches))).toEqual(where(expected));
    const count = await countInRange(file.redis, scope, parseSelection({ fromId, toId }, scope));
    expect(count).toBe(expected.length);
  });

  it('given an event-time range, then the events within it, having scanned every entry', async () => {
    const input = { time: 'event', from: `${T0_NS + 10_000_000n}`, to: '2023-11-14T22:13:20.020Z' };
    const batches = await batchesOf(input);
    const expected = everything.filter(
      (item) => item.event.ts_event >= T0_NS + 10_000_000n && item.event.ts_event <= T0_NS + 20_000_000n,
    );
    expect(expected.length).toBeGreaterThan(60);
    expect(where(eventsOf(batches))).toEqual(where(expected));
    expect(scannedOf(batches)).toBe(published);
    expect(await countInRange(file.redis, scope, parseSelection(input, scope))).toBe(published);
  });

  it('given types, symbols and a filter together, then only what all of them keep, still in merge order', async () => {
    const input = {
      types: 'signal,fill',
      symbols: 'S1,S3',
      filter: 'event_type == "signal" || decimal(data.price) > 100.75',
    };
    const selection = parseSelection(input, scope);
    const batches = await batchesOf(input);
    const expected = everything.filter(
      (item) =>
        ['S1', 'S3'].includes(item.event.key) &&
        (item.event.type === 'signal' ||
          (item.event.type === 'fill' && Number(item.event.data.price) > 100.75)),
    );
    expect(expected.some((item) => item.event.type === 'fill')).toBe(true);
    expect(expected.some((item) => item.event.type === 'signal')).toBe(true);
    expect(where(eventsOf(batches))).toEqual(where(expected));
    const streams = selection.types.length * selection.partitions.length;
    const inStreams = everything.filter(
      (item) => selection.types.includes(item.event.type) && selection.partitions.includes(item.partition),
    );
    expect(scannedOf(batches)).toBe(inStreams.length);
    expect(streams).toBeLessThan(8);
  });

  it('given an abort, then the read throws the reason at its next step; given a break, then it just ends', async () => {
    const controller = new AbortController();
    const seen: SelectedBatch[] = [];
    const read = async () => {
      for await (const batch of readSelected(file.redis, scope, parseSelection({}, scope), {
        pageSize: 10,
        signal: controller.signal,
      })) {
        seen.push(batch);
        controller.abort(new Error('cancelled by the operator'));
      }
    };
    await expect(read()).rejects.toThrow('cancelled by the operator');
    expect(seen).toHaveLength(1);

    let taken = 0;
    for await (const batch of readSelected(file.redis, scope, parseSelection({}, scope), { pageSize: 10 })) {
      taken += batch.events.length;
      if (taken >= 20) break;
    }
    expect(taken).toBe(20);
  });
});
