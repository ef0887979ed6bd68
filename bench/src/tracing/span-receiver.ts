// The collector of the tracing scenario: a node:http server in the bench process taking OTLP
// export requests (POST /v1/traces, http/protobuf or http/json, plain or gzip) and answering
// 200 at once, as a collector would. It keeps counts only — requests, bytes, spans by name —
// never the spans: a run at 100 % exports millions of them. Requests it cannot read are
// answered 400 and counted, so a run whose exports all failed cannot pass for a quiet one.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { countJsonSpans, countProtobufSpans } from './span-counter.ts';

export interface ReceivedTotals {
  /** Export requests answered 200. */
  readonly requests: number;
  /** Their bodies, as sent (compressed when they were). */
  readonly bytes: number;
  readonly spans: number;
  /** Spans by name (`send tf:{ns:md}`, `process …`). */
  readonly byName: Readonly<Record<string, number>>;
  /** Requests refused, with why (the first few). */
  readonly refused: number;
  readonly firstRefusals: readonly string[];
  /** Time spent counting spans in this process, ms (what the receiver took from the bench). */
  readonly countingMs: number;
}

export interface SpanReceiver {
  /** OTEL_EXPORTER_OTLP_ENDPOINT for the processes that export here. */
  readonly url: string;
  totals(): ReceivedTotals;
  /** Zeroes the counts (between modes). */
  reset(): void;
  close(): Promise<void>;
}

const TRACES_PATH = '/v1/traces';

export async function startSpanReceiver(): Promise<SpanReceiver> {
  let counts = fresh();
  const server = createServer((request, response) => {
    receive(request, response).catch((error: unknown) => refuse(response, 400, String(error)));
  });

  function refuse(response: ServerResponse, status: number, reason: string): void {
    counts.refused++;
    if (counts.firstRefusals.length < 5) counts.firstRefusals.push(`${status}: ${reason}`);
    if (!response.headersSent) response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ message: reason }));
  }

  async function receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
    if (request.method !== 'POST' || request.url?.split('?')[0] !== TRACES_PATH) {
      return refuse(
        response,
        404,
        `${request.method} ${request.url}: traces are taken on POST ${TRACES_PATH}`,
      );
    }
    const sent = Buffer.concat(chunks);
    const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(sent) : sent;
    const type = request.headers['content-type']?.split(';')[0]?.trim();
    const started = performance.now();
    let spans: number;
    if (type === 'application/x-protobuf') spans = countProtobufSpans(body, counts.byName);
    else if (type === 'application/json') spans = countJsonSpans(body.toString('utf8'), counts.byName);
    else return refuse(response, 415, `content-type ${type}`);
    counts.countingMs += performance.now() - started;
    counts.requests++;
    counts.bytes += sent.length;
    counts.spans += spans;
    // An empty ExportTraceServiceResponse: no bytes in protobuf, {} in JSON.
    response.writeHead(200, { 'content-type': type });
    response.end(type === 'application/json' ? '{}' : '');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    totals: () => ({ ...counts, byName: Object.fromEntries(counts.byName) }),
    reset() {
      counts = fresh();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function fresh() {
  return {
    requests: 0,
    bytes: 0,
    spans: 0,
    byName: new Map<string, number>(),
    refused: 0,
    firstRefusals: [] as string[],
    countingMs: 0,
  };
}
