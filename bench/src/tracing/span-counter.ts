// Counts the spans of an OTLP export request by name without decoding them: the bench's
// receiver takes tens of thousands of spans a second in the same process as the scenario, so
// it walks the protobuf wire format down to each span's name (field 5) and skips the rest
// (testkit's receiver decodes every field, for tests that look at them). Field numbers from
// opentelemetry-proto: ExportTraceServiceRequest.resource_spans = 1, ResourceSpans.scope_spans
// = 2, ScopeSpans.spans = 2, Span.name = 5.

/** Adds each span's name to `counts`; returns how many spans the request held. */
export function countProtobufSpans(body: Uint8Array, counts: Map<string, number>): number {
  let spans = 0;
  forEachField(body, 0, body.length, 1, (resourceStart, resourceEnd) =>
    forEachField(body, resourceStart, resourceEnd, 2, (scopeStart, scopeEnd) =>
      forEachField(body, scopeStart, scopeEnd, 2, (spanStart, spanEnd) => {
        spans++;
        let name = '';
        forEachField(body, spanStart, spanEnd, 5, (nameStart, nameEnd) => {
          name = Buffer.from(body.buffer, body.byteOffset + nameStart, nameEnd - nameStart).toString('utf8');
        });
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }),
    ),
  );
  return spans;
}

/** The same for an http/json request body. */
export function countJsonSpans(body: string, counts: Map<string, number>): number {
  const request = JSON.parse(body) as {
    resourceSpans?: { scopeSpans?: { spans?: { name?: string }[] }[] }[];
  };
  let spans = 0;
  for (const resource of request.resourceSpans ?? []) {
    for (const scope of resource.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
        spans++;
        const name = span.name ?? '';
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
    }
  }
  return spans;
}

export class WireFormatError extends Error {
  override readonly name = 'WireFormatError';
}

/** Calls `visit` with the [start, end) of every length-delimited field `wanted` in [start, end). */
function forEachField(
  body: Uint8Array,
  start: number,
  end: number,
  wanted: number,
  visit: (start: number, end: number) => void,
): void {
  let at = start;
  while (at < end) {
    const [key, afterKey] = varint(body, at);
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    at = afterKey;
    switch (wireType) {
      case 0:
        at = varint(body, at)[1];
        break;
      case 1:
        at += 8;
        break;
      case 2: {
        const [length, afterLength] = varint(body, at);
        at = afterLength + length;
        if (at > end) throw new WireFormatError(`field ${field} runs past its message (${at} > ${end})`);
        if (field === wanted) visit(afterLength, at);
        break;
      }
      case 5:
        at += 4;
        break;
      default:
        throw new WireFormatError(`wire type ${wireType} of field ${field} is not in trace.proto`);
    }
  }
  if (at !== end) throw new WireFormatError(`a field runs past its message (${at} > ${end})`);
}

/** A varint's value (lengths and keys here fit a double exactly) and where it ends. */
function varint(body: Uint8Array, start: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let at = start; at < body.length && at < start + 10; at++) {
    const byte = body[at] as number;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, at + 1];
    scale *= 128;
  }
  throw new WireFormatError(`a varint at ${start} does not end`);
}
