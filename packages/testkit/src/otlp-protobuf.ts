// An OTLP ExportTraceServiceRequest in protobuf (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf, the
// SDK's default) turned into the JSON encoding's shape, which spansFromOtlpJson flattens. A
// hand-written reader of the wire format for the few messages of trace.proto — no protobuf
// library for a test helper. Field numbers from opentelemetry-proto
// (collector/trace/v1/trace_service.proto, trace/v1/trace.proto, common/v1/common.proto).
// Unknown fields are skipped, as protobuf readers do.
import { OtlpDecodeError } from './otlp-json.ts';

type Value = bigint | Uint8Array;
type Fields = Map<number, Value[]>;
type Json = Record<string, unknown>;

/** The request as OTLP/JSON would carry it (ids hex, nanoseconds and int64 as strings). */
export function otlpProtobufToJson(body: Uint8Array): Json {
  return { resourceSpans: messages(read(body), 1).map(resourceSpans) };
}

function resourceSpans(fields: Fields): Json {
  const resource = messages(fields, 1)[0];
  return {
    ...(resource ? { resource: { attributes: messages(resource, 1).map(keyValue) } } : {}),
    scopeSpans: messages(fields, 2).map((scopeSpans) => {
      const scope = messages(scopeSpans, 1)[0];
      return {
        ...(scope ? { scope: { name: text(scope, 1), version: text(scope, 2) } } : {}),
        spans: messages(scopeSpans, 2).map(span),
      };
    }),
  };
}

function span(fields: Fields): Json {
  const status = messages(fields, 15)[0];
  return {
    traceId: hex(fields, 1),
    spanId: hex(fields, 2),
    traceState: text(fields, 3),
    parentSpanId: hex(fields, 4),
    name: text(fields, 5),
    kind: Number(scalar(fields, 6)),
    startTimeUnixNano: scalar(fields, 7).toString(),
    endTimeUnixNano: scalar(fields, 8).toString(),
    attributes: messages(fields, 9).map(keyValue),
    events: messages(fields, 11).map((event) => ({
      timeUnixNano: scalar(event, 1).toString(),
      name: text(event, 2),
      attributes: messages(event, 3).map(keyValue),
    })),
    links: messages(fields, 13).map((link) => ({
      traceId: hex(link, 1),
      spanId: hex(link, 2),
      traceState: text(link, 3),
      attributes: messages(link, 4).map(keyValue),
    })),
    ...(status ? { status: { message: text(status, 2), code: Number(scalar(status, 3)) } } : {}),
  };
}

function keyValue(fields: Fields): Json {
  const value = messages(fields, 2)[0];
  return { key: text(fields, 1), ...(value ? { value: anyValue(value) } : {}) };
}

function anyValue(fields: Fields): Json {
  // A oneof: the last field present wins, as in any protobuf reader.
  const number = Math.max(...fields.keys());
  const value = fields.get(number)?.at(-1) as Value;
  switch (number) {
    case 1:
      return { stringValue: utf8(bytes(value, 'AnyValue.string_value')) };
    case 2:
      return { boolValue: value !== 0n };
    case 3:
      return { intValue: BigInt.asIntN(64, varintOf(value, 'AnyValue.int_value')).toString() };
    case 4: {
      const view = new DataView(new ArrayBuffer(8));
      view.setBigUint64(0, varintOf(value, 'AnyValue.double_value'), true);
      return { doubleValue: view.getFloat64(0, true) };
    }
    case 5:
      return {
        arrayValue: { values: messages(read(bytes(value, 'AnyValue.array_value')), 1).map(anyValue) },
      };
    case 6:
      return {
        kvlistValue: { values: messages(read(bytes(value, 'AnyValue.kvlist_value')), 1).map(keyValue) },
      };
    case 7:
      return { bytesValue: bytes(value, 'AnyValue.bytes_value') };
    default:
      return {};
  }
}

/** The fields of one message by number; varints, fixed32 and fixed64 as bigint, the rest as bytes. */
function read(buffer: Uint8Array): Fields {
  const fields: Fields = new Map();
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (at >= buffer.length)
        throw new OtlpDecodeError(`protobuf: a varint runs past the end at byte ${at}`);
      const byte = buffer[at++] as number;
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return result;
    }
    throw new OtlpDecodeError(`protobuf: a varint longer than 10 bytes at byte ${at}`);
  };
  const need = (length: number) => {
    if (at + length > buffer.length)
      throw new OtlpDecodeError(`protobuf: ${length} bytes wanted at byte ${at} of ${buffer.length}`);
  };
  while (at < buffer.length) {
    const key = varint();
    const number = Number(key >> 3n);
    const wireType = Number(key & 7n);
    let value: Value;
    if (wireType === 0) value = varint();
    else if (wireType === 1) {
      need(8);
      value = view.getBigUint64(at, true);
      at += 8;
    } else if (wireType === 2) {
      const length = Number(varint());
      need(length);
      value = buffer.subarray(at, at + length);
      at += length;
    } else if (wireType === 5) {
      need(4);
      value = BigInt(view.getUint32(at, true));
      at += 4;
    } else throw new OtlpDecodeError(`protobuf: unsupported wire type ${wireType} (field ${number})`);
    const list = fields.get(number);
    if (list) list.push(value);
    else fields.set(number, [value]);
  }
  return fields;
}

function messages(fields: Fields, number: number): Fields[] {
  return (fields.get(number) ?? []).map((value) => read(bytes(value, `field ${number}`)));
}

function scalar(fields: Fields, number: number): bigint {
  const value = fields.get(number)?.at(-1);
  return value === undefined ? 0n : varintOf(value, `field ${number}`);
}

function text(fields: Fields, number: number): string {
  const value = fields.get(number)?.at(-1);
  return value === undefined ? '' : utf8(bytes(value, `field ${number}`));
}

function hex(fields: Fields, number: number): string {
  const value = fields.get(number)?.at(-1);
  return value === undefined ? '' : Buffer.from(bytes(value, `field ${number}`)).toString('hex');
}

function bytes(value: Value, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new OtlpDecodeError(`protobuf: ${what} should be length-delimited`);
}

function varintOf(value: Value, what: string): bigint {
  if (typeof value === 'bigint') return value;
  throw new OtlpDecodeError(`protobuf: ${what} should be a number, not length-delimited`);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function utf8(value: Uint8Array): string {
  try {
    return decoder.decode(value);
  } catch (error) {
    throw new OtlpDecodeError('protobuf: a string field is not valid UTF-8', { cause: error });
  }
}
