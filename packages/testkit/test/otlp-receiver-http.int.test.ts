// The receiver over HTTP, fed the bodies the real exporters sent (fixtures/otlp): both
// content types, gzip, the answers an exporter reads (200, 400 not retried, 415), waiting,
// clearing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WaitTimeoutError } from '../src/index.ts';
import { type OtlpReceiver, startOtlpReceiver } from '../src/otlp-receiver.ts';

const fixtures = join(import.meta.dirname, 'fixtures/otlp');
const JSON_BODY = readFileSync(join(fixtures, 'traces.json'));
const PROTOBUF_BODY = readFileSync(join(fixtures, 'traces.pb'));

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await startOtlpReceiver();
});
afterEach(async () => {
  await receiver.close();
});

async function post(body: Uint8Array | string, headers: Record<string, string>, url = receiver.tracesUrl) {
  const response = await fetch(url, { method: 'POST', body, headers });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('OTLP receiver', () => {
  it('serves on loopback, base url for OTEL_EXPORTER_OTLP_ENDPOINT, /v1/traces for the traces endpoint', () => {
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(receiver.tracesUrl).toBe(`${receiver.url}/v1/traces`);
  });

  it('takes http/json and answers an empty JSON ExportTraceServiceResponse', async () => {
    const answer = await post(JSON_BODY, { 'content-type': 'application/json' });
    expect(answer).toEqual({ status: 200, type: 'application/json', text: '{}' });
    expect(receiver.spans().map((span) => [span.name, span.kind])).toEqual([
      ['send md', 'PRODUCER'],
      ['process md', 'CONSUMER'],
      ['ack md', 'CLIENT'],
      ['GET /pnl', 'SERVER'],
      ['internal work', 'INTERNAL'],
    ]);
    expect(receiver.accepted).toBe(1);
    expect(receiver.rejections).toEqual([]);
  });

  it('takes http/protobuf (gzip too) and keeps spans of every request in arrival order', async () => {
    const plain = await post(PROTOBUF_BODY, { 'content-type': 'application/x-protobuf' });
    expect(plain).toEqual({ status: 200, type: 'application/x-protobuf', text: '' });
    const zipped = await post(gzipSync(PROTOBUF_BODY), {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'gzip',
    });
    expect(zipped.status).toBe(200);
    expect(receiver.spans()).toHaveLength(10);
    expect(receiver.spans()[5]).toEqual(receiver.spans()[0]);
    expect(receiver.spans()[1]?.status).toEqual({ code: 'ERROR', message: 'boom' });
  });

  it('refuses other content types with 415 and unreadable bodies with 400, and records why', async () => {
    const wrongType = await post('x', { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);
    expect(JSON.parse(wrongType.text).message).toMatch(
      /expected application\/json .* or application\/x-protobuf/,
    );
    const broken = await post('{"resourceSpans": [', { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    const wrongPath = await post(
      JSON_BODY,
      { 'content-type': 'application/json' },
      `${receiver.url}/v1/metrics`,
    );
    expect(wrongPath.status).toBe(404);
    expect(receiver.rejections).toEqual([
      expect.stringMatching(/^415: content-type "text\/plain"/),
      expect.stringMatching(/^400: /),
      expect.stringMatching(/^404: \/v1\/metrics/),
    ]);
    expect(receiver.spans()).toEqual([]);
  });

  it('waitFor resolves with the predicate’s value once the spans arrive, and times out with a WaitTimeoutError', async () => {
    const waiting = receiver.waitFor((spans) => spans.find((span) => span.kind === 'CONSUMER'));
    await post(JSON_BODY, { 'content-type': 'application/json' });
    expect((await waiting).name).toBe('process md');
    await expect(
      receiver.waitFor((spans) => spans.length > 5, { timeoutMs: 200, description: 'a sixth span' }),
    ).rejects.toBeInstanceOf(WaitTimeoutError);
  });

  it('clear() forgets spans, counts and rejections', async () => {
    await post(JSON_BODY, { 'content-type': 'application/json' });
    await post('x', { 'content-type': 'text/plain' });
    receiver.clear();
    expect([receiver.spans(), receiver.accepted, receiver.rejections]).toEqual([[], 0, []]);
  });
});
