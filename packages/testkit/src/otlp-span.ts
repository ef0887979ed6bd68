// What the OTLP receiver hands to tests: one flat record per span, the resource and scope it
// came with folded in, ids as lower-case hex, times as bigint nanoseconds (a Number loses
// precision past 2^53 ns, about 104 days after the epoch).

/** An attribute value as OTLP's AnyValue carries it. int64 beyond ±2^53 stays a bigint. */
export type AttributeValue =
  | string
  | number
  | bigint
  | boolean
  | Uint8Array
  | null
  | readonly AttributeValue[]
  | { readonly [key: string]: AttributeValue };

export type Attributes = Readonly<Record<string, AttributeValue>>;

export type SpanKindName = 'UNSPECIFIED' | 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';

/** OTLP's SpanKind enum values, in order: 0 is UNSPECIFIED. */
export const SPAN_KINDS: readonly SpanKindName[] = [
  'UNSPECIFIED',
  'INTERNAL',
  'SERVER',
  'CLIENT',
  'PRODUCER',
  'CONSUMER',
];

export type StatusCodeName = 'UNSET' | 'OK' | 'ERROR';

/** OTLP's StatusCode enum values, in order. */
export const STATUS_CODES: readonly StatusCodeName[] = ['UNSET', 'OK', 'ERROR'];

export interface ReceivedLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceState?: string;
  readonly attributes: Attributes;
}

export interface ReceivedEvent {
  readonly name: string;
  readonly timeNs: bigint;
  readonly attributes: Attributes;
}

export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Absent on a root span. */
  readonly parentSpanId?: string;
  readonly traceState?: string;
  readonly name: string;
  readonly kind: SpanKindName;
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly attributes: Attributes;
  readonly links: readonly ReceivedLink[];
  readonly events: readonly ReceivedEvent[];
  readonly status: { readonly code: StatusCodeName; readonly message?: string };
  /** The resource's attributes: `service.name`, `service.instance.id`, … */
  readonly resource: Attributes;
  /** `resource['service.name']`, or '' when the resource has none. */
  readonly service: string;
  readonly scope: { readonly name: string; readonly version?: string };
}
