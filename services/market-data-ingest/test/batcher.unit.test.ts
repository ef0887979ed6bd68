// Batching: cut at the size limit or after the linger time, written one batch at a time in
// cut order, and a failed write stops everything after it.
import { createEvent, type MarketDataEvent } from '@tickflow/events';
import { waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { type Batch, createBatcher } from '../src/pipeline/batcher.ts';
import type { RejectedRecord } from '../src/source-record.ts';

function quote(n: number): MarketDataEvent {
  return createEvent({
    type: 'market_data',
    ts_event: BigInt(n),
    data: {
      kind: 'quote',
      symbol: 'AAA',
      venue: 'test',
      bid_price: '1',
      bid_size: '1',
      ask_price: '2',
      ask_size: '1',
    },
  });
}

function rejected(line: number): RejectedRecord {
  return { ok: false, line, field: 'bid_price', reason: 'bad', raw: 'x' };
}

/** Summary of a batch: event ts, rejected lines, last line. */
function summary(batch: Batch): string {
  return `${batch.events.map((e) => e.ts_event).join(',')}|${batch.rejected.map((r) => r.line).join(',')}|${batch.lastLine}`;
}

/** A batcher of one record a batch whose write of line 1 waits for release(); events logs each write's start and end. */
function slowFirstWrite() {
  const events: string[] = [];
  let release: () => void = () => undefined;
  const firstDone = new Promise<void>((resolve) => {
    release = resolve;
  });
  const batcher = createBatcher({
    maxRecords: 1,
    lingerMs: 60_000,
    write: async (b) => {
      events.push(`start ${b.lastLine}`);
      if (b.lastLine === 1) await firstDone;
      events.push(`end ${b.lastLine}`);
    },
  });
  return { events, release: () => release(), batcher };
}

describe('createBatcher', () => {
  it('given 3 records per batch, when 3 are added, then it is full and flush writes them as one batch up to the last line', async () => {
    const written: string[] = [];
    const batcher = createBatcher({
      maxRecords: 3,
      lingerMs: 60_000,
      write: async (b) => void written.push(summary(b)),
    });

    batcher.add(1, quote(1));
    batcher.add(2, rejected(2));
    expect(batcher.full).toBe(false);
    batcher.add(3, quote(3));
    expect(batcher.full).toBe(true);
    await batcher.flush();

    expect(written).toEqual(['1,3|2|3']);
    expect(batcher.full).toBe(false);
  });

  it('given a record and no more, then the linger timer writes it', async () => {
    const written: string[] = [];
    const batcher = createBatcher({
      maxRecords: 100,
      lingerMs: 10,
      write: async (b) => void written.push(summary(b)),
    });

    batcher.add(7, quote(7));

    await waitFor(() => written.length === 1, { description: 'the lingering batch written' });
    expect(written).toEqual(['7||7']);
  });

  it('given a slow write, when two batches are cut, then the second starts only after the first is done', async () => {
    const { events, release, batcher } = slowFirstWrite();

    batcher.add(1, quote(1));
    const first = batcher.flush();
    batcher.add(2, quote(2));
    const second = batcher.flush();
    await waitFor(() => events.length === 1, { description: 'the first write to start' });
    expect(events).toEqual(['start 1']);
    release();
    await Promise.all([first, second]);

    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('given a slow write, when a full batch is handed off, then reading may go on during its write, and the next hand-off waits for it', async () => {
    const { events, release, batcher } = slowFirstWrite();

    batcher.add(1, quote(1));
    await batcher.handOff();
    // Batch 1 is still being written: the reader got control back and fills the next one.
    expect(events).toEqual(['start 1']);
    batcher.add(2, quote(2));
    let secondHandedOff = false;
    const second = batcher.handOff().then(() => {
      secondHandedOff = true;
    });
    await Promise.resolve();
    expect(secondHandedOff).toBe(false);
    release();
    await second;
    expect(events.slice(0, 2)).toEqual(['start 1', 'end 1']);
    await batcher.flush();
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('given a write that fails, then flush rejects with its error, later batches are not written, and add throws it', async () => {
    const written: number[] = [];
    const batcher = createBatcher({
      maxRecords: 1,
      lingerMs: 60_000,
      write: async (b) => {
        if (b.lastLine === 1) throw new Error('Redis is down');
        written.push(b.lastLine);
      },
    });

    batcher.add(1, quote(1));
    await expect(batcher.flush()).rejects.toThrow('Redis is down');
    expect(() => batcher.add(2, quote(2))).toThrow('Redis is down');
    expect(written).toEqual([]);
  });
});
