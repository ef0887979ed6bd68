// An OTLP ExportTraceServiceRequest in its JSON encoding (what OTEL_EXPORTER_OTLP_PROTOCOL=
// http/json sends) flattened into ReceivedSpan records. The JSON encoding differs from
// protobuf's canonical JSON on purpose: trace and span ids are hex strings, enums are integers
// (names are accepted too), int64 values may come as strings or numbers. The protobuf decoder
// (otlp-protobuf.ts) produces this same shape, so both share the flattening.
import {
  type Attributes,
  type AttributeValue,
  type ReceivedEvent,
  type ReceivedLink,
  type ReceivedSpan,
  SPAN_KINDS,
  STATUS_CODES,
  type StatusCodeName,
} from './otlp-span.ts';

/** A body that is not an OTLP trace export: the message says what and where. */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
  readonly code = 'OTLP_DECODE';
}

type Json = Record<string, unknown>;

/** Every span of an ExportTraceServiceRequest (JSON encoding, parsed). */
export function spansFromOtlpJson(request: unknown): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  const root = object(request, '(body)');
  list(root.resourceSpans, 'resourceSpans').forEach((resourceSpans, r) => {
    const at = `resourceSpans[${r}]`;
    const rs = object(resourceSpans, at);
    const resource = attributes(optionalObject(rs.resource, `${at}.resource`)?.attributes, `${at}.resource`);
    const serviceName = resource['service.name'];
    const service = typeof serviceName === 'string' ? serviceName : '';
    list(rs.scopeSpans, `${at}.scopeSpans`).forEach((scopeSpans, s) => {
      const scopeAt = `${at}.scopeSpans[${s}]`;
      const ss = object(scopeSpans, scopeAt);
      const scopeJson = optionalObject(ss.scope, `${scopeAt}.scope`) ?? {};
      const scope = {
        name: optionalString(scopeJson.name, `${scopeAt}.scope.name`) ?? '',
        ...optional('version', optionalString(scopeJson.version, `${scopeAt}.scope.version`)),
      };
      list(ss.spans, `${scopeAt}.spans`).forEach((span, i) => {
        spans.push({
          ...flattenSpan(object(span, `${scopeAt}.spans[${i}]`), `${scopeAt}.spans[${i}]`),
          resource,
          service,
          scope,
        });
      });
    });
  });
  return spans;
}

function flattenSpan(span: Json, at: string): Omit<ReceivedSpan, 'resource' | 'service' | 'scope'> {
  const parentSpanId = hexId(span.parentSpanId, 16, `${at}.parentSpanId`, true);
  const status = optionalObject(span.status, `${at}.status`) ?? {};
  const statusMessage = optionalString(status.message, `${at}.status.message`);
  return {
    traceId: hexId(span.traceId, 32, `${at}.traceId`, false) as string,
    spanId: hexId(span.spanId, 16, `${at}.spanId`, false) as string,
    ...optional('parentSpanId', parentSpanId),
    ...optional('traceState', optionalString(span.traceState, `${at}.traceState`) || undefined),
    name: optionalString(span.name, `${at}.name`) ?? '',
    kind: enumName(span.kind, SPAN_KINDS, 'SPAN_KIND_', `${at}.kind`),
    startNs: nanos(span.startTimeUnixNano, `${at}.startTimeUnixNano`),
    endNs: nanos(span.endTimeUnixNano, `${at}.endTimeUnixNano`),
    attributes: attributes(span.attributes, at),
    links: list(span.links, `${at}.links`).map((link, l) =>
      flattenLink(object(link, `${at}.links[${l}]`), `${at}.links[${l}]`),
    ),
    events: list(span.events, `${at}.events`).map((event, e) => {
      const eventAt = `${at}.events[${e}]`;
      const json = object(event, eventAt);
      const flat: ReceivedEvent = {
        name: optionalString(json.name, `${eventAt}.name`) ?? '',
        timeNs: nanos(json.timeUnixNano, `${eventAt}.timeUnixNano`),
        attributes: attributes(json.attributes, eventAt),
      };
      return flat;
    }),
    status: {
      code: enumName<StatusCodeName>(status.code, STATUS_CODES, 'STATUS_CODE_', `${at}.status.code`),
      ...optional('message', statusMessage || undefined),
    },
  };
}

function flattenLink(link: Json, at: string): ReceivedLink {
  return {
    traceId: hexId(link.traceId, 32, `${at}.traceId`, false) as string,
    spanId: hexId(link.spanId, 16, `${at}.spanId`, false) as string,
    ...optional('traceState', optionalString(link.traceState, `${at}.traceState`) || undefined),
    attributes: attributes(link.attributes, at),
  };
}

function attributes(value: unknown, at: string): Attributes {
  const out: Record<string, AttributeValue> = {};
  list(value, `${at}.attributes`).forEach((entry, i) => {
    const kv = object(entry, `${at}.attributes[${i}]`);
    if (typeof kv.key !== 'string')
      throw new OtlpDecodeError(`${at}.attributes[${i}].key: expected a string`);
    out[kv.key] = anyValue(kv.value, `${at}.attributes[${i}].value`);
  });
  return out;
}

function anyValue(value: unknown, at: string): AttributeValue {
  if (value === undefined || value === null) return null;
  const any = object(value, at);
  if ('stringValue' in any) return String(any.stringValue);
  if ('boolValue' in any) return any.boolValue === true;
  if ('intValue' in any) return int64(any.intValue, `${at}.intValue`);
  if ('doubleValue' in any) return Number(any.doubleValue);
  if ('bytesValue' in any) {
    const bytes = any.bytesValue;
    return bytes instanceof Uint8Array ? bytes : new Uint8Array(Buffer.from(String(bytes), 'base64'));
  }
  if ('arrayValue' in any) {
    const values = optionalObject(any.arrayValue, `${at}.arrayValue`)?.values;
    return list(values, `${at}.arrayValue.values`).map((item, i) =>
      anyValue(item, `${at}.arrayValue.values[${i}]`),
    );
  }
  if ('kvlistValue' in any)
    return attributes(optionalObject(any.kvlistValue, `${at}.kvlistValue`)?.values, `${at}.kvlistValue`);
  return null;
}

function int64(value: unknown, at: string): number | bigint {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'bigint' || (typeof value === 'string' && /^-?\d+$/.test(value))) {
    const big = BigInt(value);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(big)
      : big;
  }
  throw new OtlpDecodeError(`${at}: expected an integer, got ${JSON.stringify(String(value))}`);
}

function nanos(value: unknown, at: string): bigint {
  if (value === undefined) return 0n;
  const parsed = int64(value, at);
  return typeof parsed === 'bigint' ? parsed : BigInt(parsed);
}

function hexId(value: unknown, length: number, at: string, optionalId: boolean): string | undefined {
  if ((value === undefined || value === '') && optionalId) return undefined;
  if (typeof value === 'string' && value.length === length && /^[0-9a-fA-F]+$/.test(value))
    return value.toLowerCase();
  throw new OtlpDecodeError(
    `${at}: expected ${length} hex digits (OTLP/JSON encodes ids as hex, not base64), got ${JSON.stringify(value)}`,
  );
}

function enumName<T extends string>(value: unknown, names: readonly T[], prefix: string, at: string): T {
  if (value === undefined) return names[0] as T;
  if (typeof value === 'number' && names[value] !== undefined) return names[value];
  if (typeof value === 'string') {
    const name = value.startsWith(prefix) ? value.slice(prefix.length) : value;
    if ((names as readonly string[]).includes(name)) return name as T;
  }
  throw new OtlpDecodeError(
    `${at}: expected one of ${names.join(', ')} (or its number), got ${JSON.stringify(value)}`,
  );
}

function object(value: unknown, at: string): Json {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  throw new OtlpDecodeError(`${at}: expected an object, got ${JSON.stringify(value)?.slice(0, 80)}`);
}

function optionalObject(value: unknown, at: string): Json | undefined {
  return value === undefined || value === null ? undefined : object(value, at);
}

function list(value: unknown, at: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  throw new OtlpDecodeError(`${at}: expected an array`);
}

function optionalString(value: unknown, at: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  throw new OtlpDecodeError(`${at}: expected a string, got ${JSON.stringify(value)}`);
}

/** `{ [key]: value }` when value is defined, else `{}` (exactOptionalPropertyTypes). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]: V });
}
