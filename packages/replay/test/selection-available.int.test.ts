// The retention preflight: history asked for that retention trimmed is refused before
// anything is read, naming the stream and the oldest point still available.
import { EVENT_TYPES, nsToIso, partitionKeys } from '@tickflow/events';
import { HistoryTrimmedError, type StoredEvent } from '@tickflow/streams';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendMsOf } from '../src/entry-ids.ts';
import { assertAvailable } from '../src/selection/assert-available.ts';
import { readSelected, type SelectedBatch } from '../src/selection/read-selected.ts';
import { parseSelection, type SelectionInput } from '../src/selection/selection.ts';
import { TrimmedHistoryError } from '../src/selection/trimmed-history.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { T0_NS } from './support/q-events.ts';
import { publishHistory } from './support/q-history.ts';

const file = redisForThisFile();
const scope = { namespace: 'qtrim', partitions: 2 };
const trimmedStream = partitionKeys('qtrim', 'market_data', 1).stream;
let firstEver: StoredEvent;
let oldestKept: StoredEvent;

async function readAll(input: SelectionInput): Promise<SelectedBatch[]> {
  const batches: SelectedBatch[] = [];
  for await (const batch of readSelected(file.redis, scope, parseSelection(input, scope)))
    batches.push(batch);
  return batches;
}

async function refusal(input: SelectionInput): Promise<TrimmedHistoryError> {
  const yielded: SelectedBatch[] = [];
  try {
    for await (const batch of readSelected(file.redis, scope, parseSelection(input, scope)))
      yielded.push(batch);
  } catch (error) {
    expect(yielded, 'nothing is yielded before the refusal').toEqual([]);
    if (error instanceof TrimmedHistoryError) return error;
    throw error;
  }
  throw new Error(`read ${JSON.stringify(input)} without a refusal`);
}

beforeAll(async () => {
  await publishHistory(file.redis, scope, 30);
  const md1 = (await readAll({ types: 'md', partitions: '1' })).flatMap((batch) => batch.events);
  firstEver = md1[0] as StoredEvent;
  await file.redis.xtrim(trimmedStream, 'MAXLEN', 10);
  oldestKept = md1.at(-10) as StoredEvent;
});

describe('assertAvailable and readSelected on trimmed history', () => {
  it('given a start before what retention kept, then the stream and the oldest entry kept (id and time) are named', async () => {
    const error = await refusal({ fromId: firstEver.entryId });
    expect(error).toBeInstanceOf(HistoryTrimmedError);
    expect(error.stream).toBe(trimmedStream);
    expect(error.oldestKept).toEqual({
      entryId: oldestKept.entryId,
      appendMs: appendMsOf(oldestKept.entryId),
      tsEventNs: oldestKept.event.ts_event,
    });
    expect(error.message).toContain(`${trimmedStream}: history from ${firstEver.entryId}`);
    expect(error.message).toContain(
      `oldest entry still available is ${oldestKept.entryId}, appended ${new Date(appendMsOf(oldestKept.entryId)).toISOString()}`,
    );
    expect(error.message).toContain(`event time ${nsToIso(oldestKept.event.ts_event)}`);
    const byTime = await refusal({ from: `${appendMsOf(firstEver.entryId)}` });
    expect(byTime.stream).toBe(trimmedStream);
  });

  it('given a start at or after the oldest entry kept, or no start, then the read goes ahead', async () => {
    await expect(
      assertAvailable(file.redis, scope, parseSelection({ fromId: oldestKept.entryId }, scope)),
    ).resolves.toBeUndefined();
    const unbounded = (await readAll({ types: 'md', partitions: '1' })).flatMap((batch) => batch.events);
    expect(unbounded).toHaveLength(10);
    const otherStreams = await readAll({ fromId: firstEver.entryId, partitions: '0' });
    expect(otherStreams.flatMap((batch) => batch.events).length).toBeGreaterThan(0);
  });

  it('given an event-time start before the oldest kept event time, then it is refused naming that event time', async () => {
    const error = await refusal({ time: 'event', from: `${T0_NS}` });
    expect(error.stream).toBe(trimmedStream);
    expect(error.message).toContain(`history from event time ${nsToIso(T0_NS)}`);
    const later = { time: 'event', from: `${oldestKept.event.ts_event}` };
    await expect(assertAvailable(file.redis, scope, parseSelection(later, scope))).resolves.toBeUndefined();
  });

  it('given a stream trimmed empty, then a start before its last append is refused as holding nothing', async () => {
    const stream = partitionKeys('qtrim', 'fill', 0).stream;
    const [last] = (await file.redis.xrevrange(stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
    await file.redis.xtrim(stream, 'MAXLEN', 0);
    const error = await refusal({ types: 'fill', fromId: '0-1' });
    expect(error.stream).toBe(stream);
    expect(error.oldestKept).toBeUndefined();
    expect(error.message).toContain(`holds no entries now (the last one, ${last?.[0]}`);
    const after = `${appendMsOf(last?.[0] ?? '0-0') + 1}`;
    await expect(
      assertAvailable(file.redis, scope, parseSelection({ types: 'fill', fromId: after }, scope)),
    ).resolves.toBeUndefined();
  });

  it('checks every selected stream, including streams that do not exist yet', async () => {
    const empty = { namespace: 'qnothing', partitions: 3 };
    const selection = parseSelection({ fromId: '1-0', types: EVENT_TYPES.join(',') }, empty);
    await expect(assertAvailable(file.redis, empty, selection)).resolves.toBeUndefined();
  });
});
