// The receiver's decoders on what the real exporters sent (fixtures/otlp/README.md says how
// they were captured): both encodings flatten to the same records, every field in place.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  OtlpDecodeError,
  otlpProtobufToJson,
  type ReceivedSpan,
  spansFromOtlpJson,
} from '../src/otlp-receiver.ts';

const fixtures = join(import.meta.dirname, 'fixtures/otlp');
const jsonBody = () => JSON.parse(readFileSync(join(fixtures, 'traces.json'), 'utf8')) as unknown;
const protobufBody = () => new Uint8Array(readFileSync(join(fixtures, 'traces.pb')));

const TRACE = '5b8efff798038103d269b633813fc60c';
const T0 = 1_700_000_000_000_000_000n;
const MS = 1_000_000n;
const RESOURCE = {
  'service.name': 'capture-producer',
  'service.instance.id': 'instance-1',
  'service.version': '0.1.0',
};
const common = {
  traceId: TRACE,
  resource: RESOURCE,
  service: 'capture-producer',
  scope: { name: '@tickflow/capture', version: '0.1.0' },
};
const child = (spanId: string, name: string, kind: ReceivedSpan['kind']): ReceivedSpan => ({
  ...common,
  spanId,
  parentSpanId: 'eeeeeeeeeeeeeee1',
  name,
  kind,
  startNs: T0 + 6n * MS,
  endNs: T0 + 7n * MS,
  attributes: {},
  links: [],
  events: [],
  status: { code: 'UNSET' },
});

const EXPECTED: ReceivedSpan[] = [
  {
    ...common,
    spanId: 'eeeeeeeeeeeeeee1',
    name: 'send md',
    kind: 'PRODUCER',
    startNs: T0,
    endNs: T0 + 2n * MS,
    attributes: {
      'messaging.system': 'redis',
      'messaging.destination.name': 'md',
      'messaging.destination.partition.id': '3',
      'messaging.batch.message_count': 2,
      'tickflow.ratio': 0.25,
      'tickflow.redelivered': false,
      'tickflow.tags': ['a', 'b'],
      'tickflow.sizes': [1, 2],
    },
    links: [
      {
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        traceState: 'vendor=opaque,other=1',
        attributes: { 'messaging.message.id': 'm-1' },
      },
    ],
    events: [{ name: 'retry', timeNs: T0 + MS, attributes: { attempt: 2 } }],
    status: { code: 'UNSET' },
  },
  {
    ...common,
    spanId: 'eeeeeeeeeeeeeee2',
    parentSpanId: 'eeeeeeeeeeeeeee1',
    name: 'process md',
    kind: 'CONSUMER',
    startNs: T0 + 3n * MS,
    endNs: T0 + 5n * MS,
    attributes: { 'messaging.operation.type': 'process', 'error.type': 'TypeError' },
    links: [],
    events: [],
    status: { code: 'ERROR', message: 'boom' },
  },
  child('eeeeeeeeeeeeeee3', 'ack md', 'CLIENT'),
  child('eeeeeeeeeeeeeee4', 'GET /pnl', 'SERVER'),
  child('eeeeeeeeeeeeeee5', 'internal work', 'INTERNAL'),
];

describe('OTLP decoding', () => {
  it('flattens the http/json exporter body: ids, kinds, times, attributes, links, events, status, resource', () => {
    expect(spansFromOtlpJson(jsonBody())).toEqual(EXPECTED);
  });

  it('flattens the http/protobuf exporter body of the same spans to the same records', () => {
    expect(spansFromOtlpJson(otlpProtobufToJson(protobufBody()))).toEqual(EXPECTED);
  });

  it('reads the other encodings the OTLP/JSON spec allows: int64 as strings, enum names', () => {
    const body = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: TRACE.toUpperCase(),
                  spanId: 'EEEEEEEEEEEEEEE1',
                  parentSpanId: '',
                  name: 'x',
                  kind: 'SPAN_KIND_CONSUMER',
                  startTimeUnixNano: '1700000000000000001',
                  endTimeUnixNano: 1,
                  attributes: [
                    { key: 'big', value: { intValue: '9007199254740993' } },
                    { key: 'small', value: { intValue: '-3' } },
                    {
                      key: 'map',
                      value: { kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }] } },
                    },
                    { key: 'empty', value: {} },
                  ],
                  status: { code: 'STATUS_CODE_OK' },
                },
              ],
            },
          ],
        },
      ],
    };
    const [span] = spansFromOtlpJson(body);
    expect(span).toMatchObject({
      traceId: TRACE,
      spanId: 'eeeeeeeeeeeeeee1',
      kind: 'CONSUMER',
      startNs: 1_700_000_000_000_000_001n,
      endNs: 1n,
      attributes: { big: 9_007_199_254_740_993n, small: -3, map: { k: true }, empty: null },
      status: { code: 'OK' },
      service: '',
    });
    expect(span).not.toHaveProperty('parentSpanId');
  });

  it('refuses a body that is not a trace export, saying where', () => {
    const base64Ids = {
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'W47/95gDgQPSabYzgT/GDA==', spanId: 'x' }] }] }],
    };
    expect(() => spansFromOtlpJson(base64Ids)).toThrow(
      /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: expected 32 hex digits \(OTLP\/JSON encodes ids as hex, not base64\)/,
    );
    expect(() => spansFromOtlpJson({ resourceSpans: {} })).toThrow(OtlpDecodeError);
    expect(() => spansFromOtlpJson([])).toThrow(/\(body\): expected an object/);
    const truncated = protobufBody().subarray(0, 300);
    expect(() => otlpProtobufToJson(truncated)).toThrow(/protobuf: \d+ bytes wanted at byte/);
  });
});
