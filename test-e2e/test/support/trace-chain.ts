// Reading the spans the four services exported as causal chains: which span produced an
// event (the PRODUCER span — `send` for a single publish, `create` for one event of a batch —
// carrying its id as messaging.message.id), which spans processed it, and a span's parent.
import type { ReceivedSpan } from '@tickflow/testkit/otlp';

export const MESSAGE_ID = 'messaging.message.id';

export interface SpanIndex {
  readonly all: readonly ReceivedSpan[];
  byId(spanId: string | undefined): ReceivedSpan | undefined;
  /** The PRODUCER spans that carry `eventId`: exactly one per published event. */
  producersOf(eventId: string): ReceivedSpan[];
  /** The CONSUMER spans that processed `eventId` in `service`. */
  processesOf(eventId: string, service: string): ReceivedSpan[];
  /** The spans of one trace. */
  traceOf(traceId: string): ReceivedSpan[];
  /** Spans whose parent was not received: a trace cut in pieces, or spans never exported. */
  orphans(): ReceivedSpan[];
}

export function indexSpans(spans: readonly ReceivedSpan[]): SpanIndex {
  const byId = new Map<string, ReceivedSpan>();
  const byMessage = new Map<string, ReceivedSpan[]>();
  const byTrace = new Map<string, ReceivedSpan[]>();
  const push = <K>(map: Map<K, ReceivedSpan[]>, key: K, span: ReceivedSpan) => {
    const list = map.get(key);
    if (list) list.push(span);
    else map.set(key, [span]);
  };
  for (const span of spans) {
    byId.set(span.spanId, span);
    push(byTrace, span.traceId, span);
    const messageId = span.attributes[MESSAGE_ID];
    if (typeof messageId === 'string') push(byMessage, messageId, span);
  }
  return {
    all: spans,
    byId: (spanId) => (spanId === undefined ? undefined : byId.get(spanId)),
    producersOf: (eventId) => (byMessage.get(eventId) ?? []).filter((span) => span.kind === 'PRODUCER'),
    processesOf: (eventId, service) =>
      (byMessage.get(eventId) ?? []).filter((span) => span.kind === 'CONSUMER' && span.service === service),
    traceOf: (traceId) => byTrace.get(traceId) ?? [],
    orphans: () => spans.filter((span) => span.parentSpanId !== undefined && !byId.has(span.parentSpanId)),
  };
}

/** `create tf:{ns:md}` or `send tf:{ns:md}`: a producer span's operation, for messages. */
export function operationOf(span: ReceivedSpan): string {
  return span.name.split(' ')[0] ?? '';
}

/** Nanoseconds from the producer span's end to the consumer span's start: the time in Redis. */
export function redisGapNs(producer: ReceivedSpan, consumer: ReceivedSpan): bigint {
  return consumer.startNs - producer.endNs;
}
