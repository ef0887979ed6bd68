// An OTLP/HTTP trace receiver inside the test process: services started with
// OTEL_EXPORTER_OTLP_ENDPOINT=<receiver.url> export their spans here, and the test reads them
// as flat ReceivedSpan records. It takes POST /v1/traces in both encodings the SDK's HTTP
// exporters send — application/json (http/json) and application/x-protobuf (http/protobuf,
// the default) — plain or gzip-compressed, and answers as the OTLP/HTTP spec says (200 with an
// empty ExportTraceServiceResponse; 400 with a Status message for a body it cannot read, which
// the exporter does not retry; 415 for another content type). Bodies it refused are kept in
// `rejections`, so a test can fail on them instead of waiting for spans that never come.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { OtlpDecodeError, spansFromOtlpJson } from './otlp-json.ts';
import { otlpProtobufToJson } from './otlp-protobuf.ts';
import type { ReceivedSpan } from './otlp-span.ts';
import { type Truthy, type WaitForOptions, waitFor } from './wait-for.ts';

export { OtlpDecodeError, spansFromOtlpJson } from './otlp-json.ts';
export { otlpProtobufToJson } from './otlp-protobuf.ts';
export type {
  Attributes,
  AttributeValue,
  ReceivedEvent,
  ReceivedLink,
  ReceivedSpan,
  SpanKindName,
  StatusCodeName,
} from './otlp-span.ts';

export interface OtlpReceiverOptions {
  /** Largest request body accepted, in bytes (after decompression). Default 64 MiB. */
  readonly maxBodyBytes?: number;
}

export interface OtlpReceiver {
  /** The base endpoint, `http://127.0.0.1:<port>`: OTEL_EXPORTER_OTLP_ENDPOINT (the SDK adds /v1/traces). */
  readonly url: string;
  /** The full traces endpoint: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. */
  readonly tracesUrl: string;
  /** Every span received since the start or the last clear(), in arrival order. */
  spans(): readonly ReceivedSpan[];
  /** Export requests accepted so far. */
  readonly accepted: number;
  /** Requests refused (status and reason), in order: a test should expect none. */
  readonly rejections: readonly string[];
  /**
   * Polls `predicate` over the spans received until it returns something truthy, and returns
   * that (testkit's waitFor: default 10 s, WaitTimeoutError at the deadline).
   */
  waitFor<T>(predicate: (spans: readonly ReceivedSpan[]) => T, options?: WaitForOptions): Promise<Truthy<T>>;
  /** Forgets the spans received so far (and the counts and rejections). */
  clear(): void;
  close(): Promise<void>;
}

const TRACES_PATH = '/v1/traces';

/** Starts a receiver on 127.0.0.1, on a port the system picks. */
export async function startOtlpReceiver(options: OtlpReceiverOptions = {}): Promise<OtlpReceiver> {
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
  let received: ReceivedSpan[] = [];
  let rejections: string[] = [];
  let accepted = 0;

  const refuse = (response: ServerResponse, status: number, message: string) => {
    rejections.push(`${status}: ${message}`);
    // google.rpc.Status in JSON: what the exporter logs as the reason.
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ code: status === 400 ? 3 : 12, message }));
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof OtlpDecodeError || error instanceof SyntaxError) refuse(response, 400, message);
      else refuse(response, 500, message);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://receiver').pathname;
    if (path !== TRACES_PATH)
      return refuse(response, 404, `${path}: this receiver takes traces only, on ${TRACES_PATH}`);
    if (request.method !== 'POST') return refuse(response, 405, `${request.method} ${path}: expected POST`);
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json' && type !== 'application/x-protobuf') {
      request.resume();
      return refuse(
        response,
        415,
        `content-type "${type}": expected application/json (OTEL_EXPORTER_OTLP_PROTOCOL=http/json) or application/x-protobuf (http/protobuf); gRPC is not served`,
      );
    }
    const body = await readBody(request, maxBodyBytes);
    const spans =
      type === 'application/json'
        ? spansFromOtlpJson(JSON.parse(body.toString('utf8')))
        : spansFromOtlpJson(otlpProtobufToJson(body));
    received.push(...spans);
    accepted++;
    // An empty ExportTraceServiceResponse: `{}` in JSON, zero bytes in protobuf.
    response.writeHead(200, { 'content-type': type });
    response.end(type === 'application/json' ? '{}' : '');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    tracesUrl: `${url}${TRACES_PATH}`,
    spans: () => received,
    get accepted() {
      return accepted;
    },
    get rejections() {
      return rejections;
    },
    waitFor: (predicate, waitOptions) =>
      waitFor(() => predicate(received), { description: 'spans received', ...waitOptions }),
    clear() {
      received = [];
      rejections = [];
      accepted = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Idle keep-alive connections close by themselves; a request still being sent (an exporter
        // mid-export) would hold close() open until it ends.
        server.closeAllConnections();
      }),
  };
}

async function readBody(request: IncomingMessage, maxBodyBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new OtlpDecodeError(`body larger than ${maxBodyBytes} bytes`);
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity') return body;
  if (encoding === 'gzip') {
    try {
      return gunzipSync(body, { maxOutputLength: maxBodyBytes });
    } catch (error) {
      throw new OtlpDecodeError(`gzip body does not decompress: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  throw new OtlpDecodeError(`content-encoding "${encoding}": expected gzip or none`);
}
