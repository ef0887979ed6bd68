// Span names and attributes of the streams runtime, after the OpenTelemetry messaging
// semantic conventions (docs/decisions/0019-tracing-through-streams.md). What a sampler
// reads (system, operation, destination, partition, group) is given at span start, in option
// objects made once per stream and reused for every span: no allocation per event.
import { type Attributes, type Span, SpanKind, type SpanOptions, SpanStatusCode } from '@opentelemetry/api';
import { EVENT_SPECS, KEY_PREFIX, parseStreamKey } from '@tickflow/events';

export const ATTR = {
  system: 'messaging.system',
  operationName: 'messaging.operation.name',
  operationType: 'messaging.operation.type',
  destination: 'messaging.destination.name',
  partition: 'messaging.destination.partition.id',
  group: 'messaging.consumer.group.name',
  messageId: 'messaging.message.id',
  batchCount: 'messaging.batch.message_count',
  errorType: 'error.type',
  // Ours: Redis Streams has no registered attributes.
  entryId: 'messaging.redis.stream.entry_id',
  deliveryCount: 'messaging.redis.delivery_count',
  handler: 'tickflow.handler',
  redelivered: 'tickflow.redelivered',
  attempt: 'tickflow.attempt',
  rerun: 'tickflow.rerun',
  duplicate: 'tickflow.publish.duplicate',
  settleOutcome: 'tickflow.settle.outcome',
  deadLetterKind: 'tickflow.dead_letter.kind',
  deadLetterReason: 'tickflow.dead_letter.reason',
} as const;

/** No registered value exists for Redis Streams; the conventions allow a custom one. */
export const MESSAGING_SYSTEM = 'redis';

/** Links one span may carry (the SDK's default limit too): a merged ack may settle 1,000 entries. */
export const MAX_LINKS = 128;

/** A dead-letter reason is a handler's error message: long ones are cut. */
const MAX_REASON_LENGTH = 1_000;

export type Operation = 'send' | 'create' | 'process' | 'settle' | 'dead_letter';

const OPERATION_TYPE: Record<Operation, string> = {
  send: 'send',
  create: 'create',
  process: 'process',
  settle: 'settle',
  // Moving an entry to the dead-letter stream settles it (acks it) as well.
  dead_letter: 'settle',
};

/** Where a stream's entries go, as the conventions name it: the stream without its partition. */
export interface Destination {
  /** `tf:{live:md}` for the partition streams `tf:{live:md:0~730}`, `tf:{live:md:1~35}`, ... */
  readonly name: string;
  /** The partition number as a string; undefined for a stream that is not a partition stream. */
  readonly partition: string | undefined;
}

const destinations = new Map<string, Destination>();
/** Streams are bounded by configuration; the cache starts over past this (it only saves work). */
const DESTINATION_CACHE_SIZE = 10_000;

export function destinationOf(stream: string): Destination {
  let found = destinations.get(stream);
  if (found === undefined) {
    const parsed = parseStreamKey(stream);
    found =
      parsed === undefined
        ? { name: stream, partition: undefined }
        : {
            name: `${KEY_PREFIX}:{${parsed.namespace}:${EVENT_SPECS[parsed.type].streamTag}}`,
            partition: String(parsed.partition),
          };
    if (destinations.size >= DESTINATION_CACHE_SIZE) destinations.clear();
    destinations.set(stream, found);
  }
  return found;
}

/** `<operation> <destination>`, and the options to start such a span with (frozen, shared). */
export interface SpanShape {
  readonly name: string;
  readonly options: SpanOptions;
}

export function spanShape(
  operation: Operation,
  kind: SpanKind,
  destination: Destination,
  group?: string,
): SpanShape {
  return {
    name: `${operation} ${destination.name}`,
    options: Object.freeze({
      kind,
      attributes: Object.freeze(startAttributes(operation, destination, group)),
    }),
  };
}

/** The attributes a sampler sees, for one destination (and group, for consumer-side spans). */
export function startAttributes(operation: Operation, destination?: Destination, group?: string): Attributes {
  const attributes: Attributes = {
    [ATTR.system]: MESSAGING_SYSTEM,
    [ATTR.operationName]: operation,
    [ATTR.operationType]: OPERATION_TYPE[operation],
  };
  if (destination !== undefined) {
    attributes[ATTR.destination] = destination.name;
    if (destination.partition !== undefined) attributes[ATTR.partition] = destination.partition;
  }
  if (group !== undefined) attributes[ATTR.group] = group;
  return attributes;
}

/** A span of a batch whose messages go to several destinations: `send`, no destination. */
export const MIXED_SEND: SpanShape = {
  name: 'send',
  options: Object.freeze({ kind: SpanKind.CLIENT, attributes: Object.freeze(startAttributes('send')) }),
};

/**
 * The conventions' error.type: the error's class when it has one of its own, else its code
 * (Node's system errors are plain Errors with a code such as ECONNRESET), else `Error`;
 * `_OTHER` for a thrown value that is not an Error.
 */
export function errorTypeOf(error: unknown): string {
  if (!(error instanceof Error)) return '_OTHER';
  const named = error.constructor?.name;
  if (typeof named === 'string' && named !== '' && named !== 'Error') return named;
  if (error.name !== 'Error' && typeof error.name === 'string' && error.name !== '') return error.name;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code !== '' ? code : 'Error';
}

/** Marks a recording span failed with `error`: the exception, status ERROR, error.type. */
export function recordFailure(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
  span.setAttribute(ATTR.errorType, errorTypeOf(error));
}

export function shortReason(reason: string): string {
  return reason.length <= MAX_REASON_LENGTH ? reason : `${reason.slice(0, MAX_REASON_LENGTH)}…`;
}
