// The tracing scenario's receiver counts what the SDK's real OTLP exporters send, span by span,
// in both encodings, without decoding the spans: its counts must equal what was exported (and
// what testkit's full decoder reads from the same bytes), and requests it cannot read must be
// counted as refused, never as quiet runs.
import { type Link, SpanKind, trace } from '@opentelemetry/api';
import { otlpProtobufToJson, spansFromOtlpJson } from '@tickflow/testkit/otlp';
import { afterEach, expect, it } from 'vitest';
import { countProtobufSpans, WireFormatError } from '../src/tracing/span-counter.ts';
import { type SpanReceiver, startSpanReceiver } from '../src/tracing/span-receiver.ts';
import { startBenchTracing } from '../src/tracing/start-tracing.ts';

let receiver: SpanReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** Exports `sends` + `processes` spans with the kit's SDK over `protocol`; returns the receiver's totals. */
async function exportThrough(protocol: 'http/protobuf' | 'http/json', sends: number, processes: number) {
  receiver = await startSpanReceiver();
  const tracing = await startBenchTracing('span-receiver-test', {
    REDIS_URL: 'redis://127.0.0.1:1',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
  });
  expect(tracing.enabled).toBe(true);
  const tracer = trace.getTracer('span-receiver-test');
  const links: Link[] = [];
  for (let i = 0; i < sends; i++) {
    const span = tracer.startSpan('send tf:{bench:md}', {
      kind: SpanKind.PRODUCER,
      attributes: { 'messaging.system': 'redis', 'messaging.batch.message_count': i, ratio: 0.5 },
    });
    links.push({ context: span.spanContext(), attributes: { 'messaging.message.id': `m-${i}` } });
    span.end();
    // A flush now and then: several requests, as in a run.
    if (i % 250 === 249) await tracing.flush();
  }
  for (let i = 0; i < processes; i++) {
    const span = tracer.startSpan('process tf:{bench:md}', {
      kind: SpanKind.CONSUMER,
      links: links.slice(0, 3),
    });
    span.addEvent('retry', { attempt: 2 });
    span.recordException(new Error('boom'));
    span.end();
  }
  await tracing.shutdown();
  return receiver.totals();
}

it('counts every span the SDK exports over http/protobuf, by name', async () => {
  const totals = await exportThrough('http/protobuf', 600, 301);
  expect(totals.byName).toEqual({ 'send tf:{bench:md}': 600, 'process tf:{bench:md}': 301 });
  expect(totals.spans).toBe(901);
  expect(totals.requests).toBeGreaterThanOrEqual(3);
  expect(totals.bytes).toBeGreaterThan(901 * 50);
  expect(totals.refused).toBe(0);
});

it('counts every span the SDK exports over http/json', async () => {
  const totals = await exportThrough('http/json', 260, 5);
  expect(totals.byName).toEqual({ 'send tf:{bench:md}': 260, 'process tf:{bench:md}': 5 });
  expect(totals.refused).toBe(0);
});

it('refuses what is not a trace export, and counts it', async () => {
  receiver = await startSpanReceiver();
  const post = (path: string, type: string, body: Uint8Array | string) =>
    fetch(`${receiver?.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
  expect((await post('/v1/metrics', 'application/x-protobuf', new Uint8Array())).status).toBe(404);
  expect((await post('/v1/traces', 'text/plain', 'spans')).status).toBe(415);
  // A length running past the end of the body.
  expect(
    (await post('/v1/traces', 'application/x-protobuf', new Uint8Array([0x0a, 0x05, 0x12]))).status,
  ).toBe(400);
  expect((await post('/v1/traces', 'application/json', '{"resourceSpans": [')).status).toBe(400);
  const totals = receiver.totals();
  expect(totals).toMatchObject({ requests: 0, spans: 0, refused: 4 });
  expect(totals.firstRefusals).toHaveLength(4);
});

// A hand-written request with every wire type trace.proto uses, and fields the counter skips.
const varint = (value: number): number[] => {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
};
const message = (field: number, body: number[]) => [
  ...varint(field * 8 + 2),
  ...varint(body.length),
  ...body,
];
const text = (field: number, value: string) => message(field, [...Buffer.from(value, 'utf8')]);
const fixed64 = (field: number) => [...varint(field * 8 + 1), 1, 2, 3, 4, 5, 6, 7, 8];
const fixed32 = (field: number) => [...varint(field * 8 + 5), 1, 2, 3, 4];
const number = (field: number, value: number) => [...varint(field * 8), ...varint(value)];
const span = (name: string) => [
  ...message(
    1,
    Array.from({ length: 16 }, (_, i) => i + 1),
  ),
  ...message(
    2,
    Array.from({ length: 8 }, (_, i) => i + 1),
  ),
  ...text(5, name),
  ...number(6, 4),
  ...fixed64(7),
  ...fixed64(8),
  ...message(9, [...text(1, 'messaging.system'), ...message(2, text(1, 'redis'))]),
  ...message(9, [...text(1, 'count'), ...message(2, number(3, 2 ** 40))]),
  ...number(10, 0),
  ...fixed32(16),
];

it('agrees with testkit’s full decoder on a request with several resources and scopes', () => {
  const scope = (names: string[]) =>
    message(2, [...message(1, text(1, 'scope')), ...names.flatMap((n) => message(2, span(n)))]);
  const resource = (scopes: number[][]) =>
    message(1, [...message(1, []), ...scopes.flat(), ...text(3, 'schema')]);
  const body = new Uint8Array([
    ...resource([scope(['send a', 'process b']), scope(['settle c'])]),
    ...resource([scope(['process b', 'process b', 'créer é'])]),
  ]);
  const counts = new Map<string, number>();
  expect(countProtobufSpans(body, counts)).toBe(6);
  const decoded = spansFromOtlpJson(otlpProtobufToJson(body));
  const decodedCounts = new Map<string, number>();
  for (const { name } of decoded) decodedCounts.set(name, (decodedCounts.get(name) ?? 0) + 1);
  expect(counts).toEqual(decodedCounts);
  expect(Object.fromEntries(counts)).toEqual({ 'send a': 1, 'process b': 3, 'settle c': 1, 'créer é': 1 });
  // A body that is a view into a larger buffer (small HTTP bodies come from Node's buffer pool).
  const pooled = new Uint8Array(body.length + 7);
  pooled.set(body, 7);
  const pooledCounts = new Map<string, number>();
  expect(countProtobufSpans(pooled.subarray(7), pooledCounts)).toBe(6);
  expect(pooledCounts).toEqual(counts);
});

it('throws on a body that is not a protobuf request', () => {
  expect(() => countProtobufSpans(new Uint8Array([0x0a, 0x05, 0x12]), new Map())).toThrow(WireFormatError);
  // Wire type 3 (a group) is not in trace.proto.
  expect(() => countProtobufSpans(new Uint8Array([0x0b]), new Map())).toThrow(WireFormatError);
});
