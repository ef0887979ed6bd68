// The waterfall drawing of one trace, on a synthetic tick → signal → order → fill trace
// shaped like the pipeline's: rows in tree order, bars placed by time, Redis gaps between
// each send and the process of what it sent, numbers everywhere (no NaN).
import type { ReceivedSpan } from '@tickflow/testkit/otlp';
import { describe, expect, it } from 'vitest';
import { formatDuration, renderWaterfallSvg, waterfallRows } from './support/trace-waterfall.ts';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const MS = 1_000_000n;
const T0 = 1_765_000_000_000_000_000n;

let next = 0;
function span(
  name: string,
  service: string,
  kind: ReceivedSpan['kind'],
  fromMs: number,
  toMs: number,
  parent?: ReceivedSpan,
): ReceivedSpan {
  next += 1;
  return {
    traceId: TRACE,
    spanId: next.toString(16).padStart(16, '0'),
    ...(parent ? { parentSpanId: parent.spanId } : {}),
    name,
    kind,
    startNs: T0 + (BigInt(Math.round(fromMs * 1000)) * MS) / 1000n,
    endNs: T0 + (BigInt(Math.round(toMs * 1000)) * MS) / 1000n,
    attributes: { 'messaging.system': 'redis' },
    links: [],
    events: [],
    status: { code: 'UNSET' },
    resource: { 'service.name': service },
    service,
    scope: { name: '@tickflow/streams' },
  };
}

const ingest = span('send tf:{e2e:md}', 'market-data-ingest', 'PRODUCER', 0, 0.4);
const signalProcess = span('process tf:{e2e:md}', 'signal-engine', 'CONSUMER', 1.2, 2.5, ingest);
const signalSend = span('send tf:{e2e:sig}', 'signal-engine', 'PRODUCER', 2.0, 2.3, signalProcess);
const orderProcess = span('process tf:{e2e:sig}', 'order-router', 'CONSUMER', 3.1, 5.0, signalSend);
const fillSend = span('send tf:{e2e:fill}', 'order-router', 'PRODUCER', 4.2, 4.6, orderProcess);
const orderSend = span('send tf:{e2e:ord}', 'order-router', 'PRODUCER', 3.5, 3.9, orderProcess);
const recorder = span('process tf:{e2e:fill}', 'fill-recorder', 'CONSUMER', 5.4, 6.0, fillSend);
// Settled after its process ended: a child after its parent, but no wait in Redis.
const ack = span('ack tf:{e2e:fill}', 'fill-recorder', 'CLIENT', 6.1, 6.3, recorder);
// Shuffled, as exports from four processes arrive.
const TRACE_SPANS = [recorder, orderSend, ingest, ack, fillSend, signalSend, orderProcess, signalProcess];

describe('trace waterfall', () => {
  it('orders rows parent first, siblings by start, with their depth', () => {
    expect(waterfallRows(TRACE_SPANS).map((row) => [row.depth, row.span.name])).toEqual([
      [0, 'send tf:{e2e:md}'],
      [1, 'process tf:{e2e:md}'],
      [2, 'send tf:{e2e:sig}'],
      [3, 'process tf:{e2e:sig}'],
      [4, 'send tf:{e2e:ord}'],
      [4, 'send tf:{e2e:fill}'],
      [5, 'process tf:{e2e:fill}'],
      [6, 'ack tf:{e2e:fill}'],
    ]);
  });

  it('draws every span as "service: name" with its duration, bars placed by start time, no NaN', () => {
    const svg = renderWaterfallSvg(TRACE_SPANS, { width: 1200 });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="1200" height="\d+"/);
    for (const each of TRACE_SPANS) {
      expect(svg).toContain(`${each.service}: ${each.name}`);
    }
    expect(svg).toContain('>1.3 ms</text>'); // signal-engine's process: 1.2 → 2.5 ms
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    const rows = [...svg.matchAll(/data-span-id="([0-9a-f]+)"[^>]*data-start-x="([\d.]+)"/g)].map((m) => ({
      id: m[1],
      x: Number(m[2]),
    }));
    expect(rows.map((row) => row.id)).toEqual(waterfallRows(TRACE_SPANS).map((row) => row.span.spanId));
    // The trace's first span starts at the left edge of the bars, and start order is x order.
    const byStart = [...TRACE_SPANS].sort((a, b) => Number(a.startNs - b.startNs));
    const xOf = (s: ReceivedSpan) => rows.find((row) => row.id === s.spanId)?.x ?? Number.NaN;
    expect(xOf(ingest)).toBe(380);
    for (let i = 1; i < byStart.length; i++)
      expect(xOf(byStart[i] as ReceivedSpan)).toBeGreaterThanOrEqual(xOf(byStart[i - 1] as ReceivedSpan));
    expect(xOf(ack)).toBeCloseTo(380 + (6.1 / 6.3) * (1200 - 380 - 90), 1);
  });

  it('shows the time each event waited in Redis between a send and the process of it', () => {
    const svg = renderWaterfallSvg(TRACE_SPANS);
    const gaps = [...svg.matchAll(/>Redis ([^<]+)<\/text>/g)].map((m) => m[1]);
    // ingest send end 0.4 → process 1.2; signal send 2.3 → 3.1; fill send 4.6 → 5.4.
    expect(gaps).toEqual(['800 µs', '800 µs', '800 µs']);
  });

  it('refuses spans of several traces, and an empty list', () => {
    expect(() => renderWaterfallSvg([ingest, { ...recorder, traceId: 'f'.repeat(32) }])).toThrow(/2 traces/);
    expect(() => renderWaterfallSvg([])).toThrow(/no spans/);
  });

  it('draws a trace of one instant span without dividing by zero', () => {
    const instant: ReceivedSpan = { ...ingest, endNs: ingest.startNs };
    const svg = renderWaterfallSvg([instant]);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(svg).toContain('>0 ns</text>');
  });

  it('escapes names for XML and formats durations with three digits at most', () => {
    const { parentSpanId: _parent, ...root } = ack;
    const odd: ReceivedSpan = { ...root, name: 'process <a&b>' };
    expect(renderWaterfallSvg([odd])).toContain('process &#60;a&#38;b&#62;');
    expect([0n, 999n, 1_234n, 12_345_678n, 2_000_000_000n].map(formatDuration)).toEqual([
      '0 ns',
      '999 ns',
      '1.23 µs',
      '12.3 ms',
      '2 s',
    ]);
  });
});
