// The pure pieces of the output: tables, durations, the progress line, the flag a library
// parameter stands for, and a bad input's message with its caret.
import { BadInputError, type ReplayProgress } from '@tickflow/replay';
import { describe, expect, it } from 'vitest';
import { EXIT_USAGE, exitFor, flagOf } from '../src/exit-codes.ts';
import { payloadSummary } from '../src/format/event-summary.ts';
import { table } from '../src/format/table.ts';
import { clock, duration, nsDelta } from '../src/format/time.ts';
import { progressLine } from '../src/replay/progress-view.ts';
import { chainOf, quote } from './support/history.ts';

describe('table', () => {
  it('pads columns to the widest cell, numbers to the right', () => {
    const rows = [
      { name: 'a', n: 5 },
      { name: 'longer', n: 1234 },
    ];
    const text = table(rows, [
      { title: 'NAME', cell: (r) => r.name },
      { title: 'N', cell: (r) => String(r.n), align: 'right' },
    ]);
    expect(text).toBe('NAME       N\na          5\nlonger  1234');
    expect(table([], [{ title: 'X', cell: () => '' }], '(none here)')).toBe('(none here)');
  });
});

describe('times', () => {
  it('reads as people read them', () => {
    expect([850, 12_340, 245_000, 7_380_000, 273_600_000].map(duration)).toEqual([
      '850 ms',
      '12.3 s',
      '4m 05s',
      '2h 03m',
      '3d 4h',
    ]);
    expect([999n, 12_500n, 3_200_000n, -2_000_000_000n].map(nsDelta)).toEqual([
      '+999 ns',
      '+12.5 µs',
      '+3.2 ms',
      '-2.0 s',
    ]);
    expect([5, 75, 3_725].map(clock)).toEqual(['0:05', '1:15', '1:02:05']);
  });
});

describe('progressLine', () => {
  const progress: ReplayProgress = {
    id: 'r1',
    target: 't',
    state: 'running',
    speed: 'max',
    total: 5_000,
    scanned: 1_200,
    replayed: 1_100,
    present: 50,
    skipped: 0,
    startedAt: 0,
    ratePerSec: 8_231.4,
    etaMs: 12_000,
  };
  it('shows done / total, the bar, the rate and the ETA', () => {
    expect(progressLine(progress)).toBe(
      'replay  1,200/5,000 entries  [#####---------------]  24.0%  1,150 replayed  8,231 ev/s  ETA 0:12',
    );
  });
  it('counts events written before their batch is scanned', () => {
    expect(progressLine({ ...progress, scanned: 0, replayed: 2_500, present: 0 })).toMatch(
      /^replay {2}2,500\/5,000 entries {2}\[#{10}-{10}\] {2}50\.0% {2}2,500 replayed/,
    );
  });

  it('says when it is not running, and is full on an empty range', () => {
    const { etaMs: _eta, ...ended } = progress;
    expect(progressLine({ ...ended, state: 'completed', total: 0, scanned: 0 })).toMatch(
      /\[#{20}\] {2}100\.0% .* completed$/,
    );
  });
});

describe('flags and bad input', () => {
  it('names the flag a library parameter stands for', () => {
    expect(['fromId', 'chunkSize', 'to.timeMs', 'refs', 'group', '--yes', 'filter'].map(flagOf)).toEqual([
      '--from-id',
      '--chunk-size',
      '--to',
      '<ref...>',
      '<group>',
      '--yes',
      '--filter',
    ]);
  });
  it('points at a fault in the expression typed', () => {
    const error = new BadInputError('filter', 'Unexpected token: GT', 12);
    expect(exitFor(error, (flag) => (flag === '--filter' ? 'data.price >> 3' : undefined))).toEqual({
      code: EXIT_USAGE,
      message: 'tickflow: --filter: Unexpected token: GT (position 12)\n  data.price >> 3\n              ^',
    });
    expect(exitFor(new BadInputError('fromId', 'bad id')).message).toBe('tickflow: --from-id: bad id');
  });
});

describe('payloadSummary', () => {
  it('tells the events of a chain apart', () => {
    const tick = quote('AAA', 3);
    const [signal, order, fill] = chainOf(tick);
    expect([tick, signal, order, fill].map((event) => payloadSummary(event as typeof tick))).toEqual([
      'quote 103.5 x 3 / 104.5 x 4 @test',
      'long 0.5 sma-cross: test',
      expect.stringMatching(/^NEW buy 2 market IOC ord-\S+ filled 0$/),
      expect.stringMatching(/^buy 1 @ 100\.5 taker ord-\S+$/),
    ]);
  });

  it('says when a quote has no sizes', () => {
    const tick = quote('AAA', 3);
    if (tick.data.kind !== 'quote') throw new Error('expected a quote');
    const { bid_size: _bid, ask_size: _ask, ...unsized } = tick.data;
    expect(payloadSummary({ ...tick, data: unsized })).toBe('quote 103.5 / 104.5 (unsized) @test');
  });
});
