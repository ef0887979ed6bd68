// A replay run's copies start new traces linked to the originals (engine/trace-links.ts): with
// a tracer provider, each copy carrying a traceparent gets a `replay <destination>` root span
// linking the original context, and that span's context in its traceparent; without one, the
// copy carries no trace context at all. Either way the digest is the source's.
import { SpanKind, trace } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { partitionKeys } from '@tickflow/events';
import { connect } from '@tickflow/streams';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { digestNamespace } from '../src/digest/digest.ts';
import { startReplayRun } from '../src/engine/replay-run.ts';
import { REPLAY_ATTRIBUTES } from '../src/engine/trace-links.ts';
import { allPartitions, type Scope } from '../src/scope.ts';
import { marketData, publishTicks } from './support/e-ticks.ts';

const SOURCE: Scope = { namespace: 'live', partitions: 4 };
const COUNT = 40;
const ORIGINAL_STATE = 'vendor=opaque,other=1';
let server: EphemeralRedis;
let redis: Redis;

/** The live trace context of the `seq`-th tick: every third one has none. */
function originalOf(seq: number): { traceId: string; spanId: string } | undefined {
  if (seq % 3 === 2) return undefined;
  return {
    traceId: (seq + 1).toString(16).padStart(32, 'a'),
    spanId: (seq + 1).toString(16).padStart(16, 'b'),
  };
}

beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = await connect({ url: server.url }, 'commands');
  await publishTicks(redis, SOURCE, COUNT, 1_000_000n, (seq) => {
    const original = originalOf(seq);
    if (original === undefined) return {};
    const traceparent = `00-${original.traceId}-${original.spanId}-01`;
    // One producer also sent a trace state.
    return seq === 0 ? { traceparent, tracestate: ORIGINAL_STATE } : { traceparent };
  });
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

let provider: TracerProvider | undefined;
afterEach(async () => {
  trace.disable();
  await provider?.shutdown();
  provider = undefined;
});

/** Registers a provider exporting into memory, as a service's SDK would globally. */
function registerProvider(sampler?: AlwaysOffSampler): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  provider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
    ...(sampler ? { sampler } : {}),
  });
  trace.setGlobalTracerProvider(provider);
  return exporter;
}

async function replay(target: string) {
  const progress = await startReplayRun({
    id: `run-${target}`,
    redis,
    sourceNamespace: SOURCE.namespace,
    target,
    source: marketData(redis, SOURCE),
    total: COUNT,
    speed: { mode: 'max' },
  }).done;
  expect(progress.error).toBeUndefined();
  expect(progress).toMatchObject({ state: 'completed', replayed: COUNT });
}

interface Entry {
  readonly partition: number;
  readonly id: string;
  readonly fields: Map<string, string>;
}

async function entries(namespace: string): Promise<Entry[]> {
  const all: Entry[] = [];
  for (const partition of allPartitions(SOURCE)) {
    const stream = partitionKeys(namespace, 'market_data', partition).stream;
    for (const [id, list] of await redis.xrange(stream, '-', '+')) {
      const fields = new Map<string, string>();
      for (let i = 0; i < list.length; i += 2) fields.set(list[i] as string, list[i + 1] as string);
      all.push({ partition, id, fields });
    }
  }
  return all;
}

/** The fields but the trace context ones, in order. */
function withoutTraceContext(entry: Entry): [string, string][] {
  return [...entry.fields].filter(([name]) => name !== 'traceparent' && name !== 'tracestate');
}

const digest = async (namespace: string) =>
  (await digestNamespace(redis, { namespace, partitions: SOURCE.partitions }, ['market_data'])).digest;

describe('replay trace links', () => {
  it('without a tracer provider, copies carry no trace context, every other field as in the source', async () => {
    await replay('untraced');
    const source = await entries(SOURCE.namespace);
    const copies = await entries('untraced');
    expect(source.filter((entry) => entry.fields.has('traceparent'))).toHaveLength(27);
    expect(copies.map((copy) => [copy.partition, copy.id, [...copy.fields]])).toEqual(
      source.map((entry) => [entry.partition, entry.id, withoutTraceContext(entry)]),
    );
    expect(await digest('untraced')).toBe(await digest(SOURCE.namespace));
  });

  it('with a tracer provider, each traced copy is a new root trace whose span links to the original', async () => {
    const exporter = registerProvider();
    await replay('traced');
    const source = await entries(SOURCE.namespace);
    const copies = await entries('traced');
    const spans = new Map<string, ReadableSpan>(
      exporter.getFinishedSpans().map((span) => [span.spanContext().spanId, span]),
    );
    expect(spans.size).toBe(27);
    // The stream without its partition (and the tag's suffix): tf:{traced:md:0~…} → tf:{traced:md},
    // as the streams runtime names it in its spans.
    const destination = 'tf:{traced:md}';

    for (const [index, entry] of source.entries()) {
      const copy = copies[index] as Entry;
      expect([copy.partition, copy.id, withoutTraceContext(copy)]).toEqual([
        entry.partition,
        entry.id,
        withoutTraceContext(entry),
      ]);
      const original = entry.fields.get('traceparent');
      if (original === undefined) {
        expect(copy.fields.has('traceparent')).toBe(false);
        continue;
      }
      const [, traceId, spanId, flags] = (copy.fields.get('traceparent') as string).split('-');
      const span = spans.get(spanId as string);
      expect(span, `the span of copy ${copy.id}`).toBeDefined();
      const [, originalTraceId, originalSpanId] = original.split('-');
      expect(span?.spanContext().traceId).toBe(traceId);
      expect(traceId).not.toBe(originalTraceId);
      expect(flags).toBe('01');
      expect(span).toMatchObject({
        name: `replay ${destination}`,
        kind: SpanKind.PRODUCER,
        parentSpanContext: undefined,
      });
      expect(span?.links.map((link) => [link.context.traceId, link.context.spanId])).toEqual([
        [originalTraceId, originalSpanId],
      ]);
      expect(span?.links[0]?.context.traceState?.serialize()).toBe(entry.fields.get('tracestate'));
      expect(span?.attributes).toEqual({
        'messaging.system': 'redis',
        'messaging.operation.name': 'replay',
        'messaging.operation.type': 'send',
        'messaging.destination.name': destination,
        'messaging.destination.partition.id': String(copy.partition),
        'messaging.message.id': entry.fields.get('id'),
        [REPLAY_ATTRIBUTES.entryId]: entry.id,
        [REPLAY_ATTRIBUTES.runId]: 'run-traced',
        [REPLAY_ATTRIBUTES.sourceNamespace]: SOURCE.namespace,
        [REPLAY_ATTRIBUTES.targetNamespace]: 'traced',
      });
      // The new root has no trace state: the original's is not carried over.
      expect(copy.fields.has('tracestate')).toBe(false);
    }
    expect(source.some((entry) => entry.fields.get('tracestate') === ORIGINAL_STATE)).toBe(true);
    expect(new Set([...spans.values()].map((span) => span.spanContext().traceId)).size).toBe(27);
    expect(await digest('traced')).toBe(await digest(SOURCE.namespace));
  });

  it('with a provider sampling nothing, copies carry the new trace unsampled, not the original', async () => {
    const exporter = registerProvider(new AlwaysOffSampler());
    await replay('sampled-out');
    const source = await entries(SOURCE.namespace);
    const copies = await entries('sampled-out');
    for (const [index, entry] of source.entries()) {
      const original = entry.fields.get('traceparent');
      const copied = copies[index]?.fields.get('traceparent');
      if (original === undefined) expect(copied).toBeUndefined();
      else {
        expect(copied).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
        expect(copied?.split('-')[1]).not.toBe(original.split('-')[1]);
      }
    }
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(await digest('sampled-out')).toBe(await digest(SOURCE.namespace));
  });
});
