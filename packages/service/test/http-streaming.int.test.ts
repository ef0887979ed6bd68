// A handler's stream goes out as it is produced, over a real socket: 10,000 NDJSON lines from
// an async generator arrive whole, in order, chunked; the first line arrives before the
// generator has produced the rest (nothing buffers the whole answer).
import { Readable } from 'node:stream';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type HttpServer, startHttpServer } from '../src/http/http-server.ts';
import { type RouteRegistrar, streamReply } from '../src/index.ts';
import { createLogger } from '../src/logger.ts';

const LINES = 10_000;
const ndjson = { 200: { content: { 'application/x-ndjson': { schema: z.string() } } } };

interface Gate {
  /** Resolves when the client has the first line: the generator waits for it before the rest. */
  firstLineReceived: Promise<void>;
}

function routes(api: RouteRegistrar<Gate>): void {
  api.route({
    method: 'GET',
    url: '/export',
    access: 'public',
    summary: 'Every line as NDJSON',
    schema: { querystring: z.object({ gated: z.enum(['yes', 'no']).default('no') }), response: ndjson },
    handler: ({ query }, gate) =>
      streamReply(
        'application/x-ndjson',
        (async function* () {
          for (let n = 0; n < LINES; n++) {
            yield `${JSON.stringify({ n, symbol: 'BTCUSDT', price: (100 + n / 1000).toFixed(3) })}\n`;
            if (n === 0 && query.gated === 'yes') await gate.firstLineReceived;
          }
        })(),
      ),
  });
  api.route({
    method: 'GET',
    url: '/readable',
    access: 'public',
    summary: 'A Readable as text',
    schema: { response: { 200: z.object({ never: z.string() }) } },
    handler: () => streamReply('text/plain', Readable.from(['a\n', 'b\n'])),
  });
}

let server: HttpServer<Gate>;
let release: () => void = () => undefined;
beforeAll(async () => {
  server = await startHttpServer<Gate>({
    service: 'stream-test',
    host: '127.0.0.1',
    port: 0,
    logger: createLogger({ service: 'stream-test', level: 'silent', pretty: false }),
    registry: new Registry(),
    notReady: () => [],
    bodyLimitBytes: 65_536,
    tokens: {},
    routes,
  });
  server.serve({ firstLineReceived: new Promise<void>((resolve) => (release = resolve)) });
});
afterAll(async () => {
  release();
  await server?.close();
});

const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;

describe('streamed replies', () => {
  it('sends 10,000 NDJSON lines whole and in order, chunked', async () => {
    const response = await fetch(url('/export'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    const lines = (await response.text()).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(LINES);
    expect(lines.map((line) => (JSON.parse(line) as { n: number }).n)).toEqual(
      Array.from({ length: LINES }, (_, n) => n),
    );
  });

  it('delivers the first line before the rest is produced', async () => {
    const response = await fetch(url('/export?gated=yes'));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const deadline = AbortSignal.timeout(15_000);
    const first = await Promise.race([
      reader.read(),
      new Promise<never>((_, reject) =>
        deadline.addEventListener('abort', () => reject(new Error('the first line was held back'))),
      ),
    ]);
    expect(new TextDecoder().decode(first.value)).toMatch(/^\{"n":0,/);
    release();
    let bytes = first.value?.length ?? 0;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      bytes += chunk.value.length;
    expect(bytes).toBeGreaterThan(LINES * 30);
  });

  it('streams a Readable past a JSON response schema', async () => {
    const response = await fetch(url('/readable'));
    expect([response.status, await response.text()]).toEqual([200, 'a\nb\n']);
  });
});
