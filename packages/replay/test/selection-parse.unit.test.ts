// parseSelection: raw strings in, a resolved selection out; every bad input refused naming
// its parameter.
import { EVENT_TYPES, partitionOf } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { MAX_SEQ } from '../src/entry-ids.ts';
import { BadInputError } from '../src/errors.ts';
import { parseSelection, type SelectionInput } from '../src/selection/selection.ts';
import { fillOf, orderOf, quoteTick, signalOf, T0_NS } from './support/q-events.ts';

const scope = { namespace: 'live', partitions: 8 };

function refused(input: SelectionInput): BadInputError {
  try {
    parseSelection(input, scope);
  } catch (error) {
    if (error instanceof BadInputError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('parseSelection', () => {
  it('given nothing, then every type and partition, unbounded, keeping everything', () => {
    const selection = parseSelection({}, scope);
    expect(selection.types).toEqual(EVENT_TYPES);
    expect(selection.partitions).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(selection.time).toBe('append');
    expect([selection.fromId, selection.toId, selection.fromNs, selection.toNs]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(selection.matches(quoteTick('A', 1))).toBe(true);
  });

  it('reads append-time bounds as ISO, epoch ms, epoch ns, units and dates, each to whole-ms entry ids', () => {
    const ms = 1_709_285_400_123;
    const expected = { fromId: `${ms}-0`, toId: `${ms + 1}-${MAX_SEQ}` };
    for (const [from, to] of [
      ['2024-03-01T09:30:00.123Z', '2024-03-01T10:30:00.124+01:00'],
      [`${ms}`, `${ms + 1}`],
      [`${ms}456789`, `${ms + 1}999999`],
      [`${ms}ms`, `${BigInt(ms + 1) * 1_000_000n}ns`],
    ] as const) {
      const selection = parseSelection({ from, to }, scope);
      expect({ fromId: selection.fromId, toId: selection.toId }, `${from} ${to}`).toEqual(expected);
      expect(selection.fromNs).toBeUndefined();
    }
    expect(parseSelection({ from: '2024-03-01' }, scope).fromId).toBe('1709251200000-0');
  });

  it('keeps event-time bounds exact in ns, and applies them per event', () => {
    const selection = parseSelection(
      { time: 'event', from: `${T0_NS + 2_000_000n}`, to: '2023-11-14T22:13:20.004Z' },
      scope,
    );
    expect(selection.fromNs).toBe(T0_NS + 2_000_000n);
    expect(selection.toNs).toBe(T0_NS + 4_000_000n);
    expect(selection.fromId).toBeUndefined();
    const kept = [1, 2, 3, 4, 5].filter((seq) => selection.matches(quoteTick('A', seq)));
    expect(kept).toEqual([2, 3, 4]);
  });

  it('takes entry-id bounds, a bare ms meaning the whole ms, and both id and event-time bounds together', () => {
    const selection = parseSelection({ fromId: '1700000000000', toId: '1700000000005-3' }, scope);
    expect([selection.fromId, selection.toId]).toEqual(['1700000000000-0', '1700000000005-3']);
    expect(parseSelection({ toId: '1700000000005' }, scope).toId).toBe(`1700000000005-${MAX_SEQ}`);
    const both = parseSelection({ time: 'event', from: '2024-01-01', fromId: '1700000000000-1' }, scope);
    expect([both.fromId, both.fromNs]).toEqual(['1700000000000-1', 1_704_067_200_000_000_000n]);
  });

  it('resolves types by name or tag, in pipeline order; symbols to their partitions', () => {
    const selection = parseSelection({ types: 'fill, md', symbols: ['BTCUSDT', 'ETHUSDT'] }, scope);
    expect(selection.types).toEqual(['market_data', 'fill']);
    const partitions = [...new Set([partitionOf('BTCUSDT', 8), partitionOf('ETHUSDT', 8)])].sort();
    expect(selection.partitions).toEqual(partitions);
    expect(selection.symbols).toEqual(new Set(['BTCUSDT', 'ETHUSDT']));
    expect(selection.matches(quoteTick('BTCUSDT', 1))).toBe(true);
    expect(selection.matches(quoteTick('SOLUSDT', 1))).toBe(false);
    expect(parseSelection({ partitions: '6,1-3,2' }, scope).partitions).toEqual([1, 2, 3, 6]);
  });

  it('combines the filter with a TypeScript predicate', () => {
    const tick = quoteTick('BTCUSDT', 1);
    const fill = fillOf(orderOf(signalOf(tick)), 0);
    const selection = parseSelection(
      { filter: 'event_type == "fill" || decimal(data.bid_price) > 1000.0' },
      scope,
      (event) => event.key === 'BTCUSDT',
    );
    expect(selection.filter?.source).toContain('event_type');
    expect(parseSelection({ filter: '  ' }, scope).filter).toBeUndefined();
    expect([tick, fill].map((event) => selection.matches(event))).toEqual([false, true]);
  });

  it('refuses each bad input naming its parameter', () => {
    const cases: [SelectionInput, string, RegExp][] = [
      [{ from: '2024-03-02', to: '2024-03-01' }, 'to', /must not be before from/],
      [{ from: 'yesterday' }, 'from', /ISO-8601/],
      [{ to: '17000000000000' }, 'to', /ambiguous/],
      [{ from: '2024-02-30' }, 'from', /ISO-8601/],
      [{ time: 'wall' }, 'time', /"event" or "append"/],
      [{ from: '2024-03-01', fromId: '1-0' }, 'fromId', /not both/],
      [{ to: '2024-03-01', toId: '1-0' }, 'toId', /not both/],
      [{ fromId: 'abc' }, 'fromId', /stream entry id/],
      [{ toId: '1-2-3' }, 'toId', /stream entry id/],
      [{ fromId: '99999999999999999999-0' }, 'fromId', /64 bits/],
      [{ fromId: '5-0', toId: '4-9' }, 'toId', /must not be before fromId/],
      [{ types: 'market_data,quotes' }, 'types', /unknown type "quotes"/],
      [{ types: ' , ' }, 'types', /at least one/],
      [{ partitions: '8' }, 'partitions', /partition 8 is out of range/],
      [{ partitions: '3-1' }, 'partitions', /numbers or ranges/],
      [{ partitions: [-1] }, 'partitions', /numbers or ranges/],
      [{ symbols: 'BTC USDT' }, 'symbols', /not a symbol/],
      [{ filter: 'data.nope' }, 'filter', /No such key/],
    ];
    for (const [input, parameter, message] of cases) {
      const error = refused(input);
      expect(error.parameter, JSON.stringify(input)).toBe(parameter);
      expect(error.message, JSON.stringify(input)).toMatch(message);
    }
    const btc = partitionOf('BTCUSDT', 8);
    const other = (btc + 1) % 8;
    expect(refused({ symbols: 'BTCUSDT', partitions: `${other}` }).message).toContain(
      `BTCUSDT is in partition ${btc}`,
    );
  });
});
