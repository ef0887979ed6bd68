// The service on a live WebSocket feed that drops mid-stream: it reconnects, resumes where
// it was (greeting the server with how many messages it has), publishes every good message
// once, dead-letters the bad ones, and a restart continues after its checkpoint.
import { type EphemeralRedis, type ServiceProcess, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordEventId } from '../src/index.ts';
import { killAll, startIngest } from './support/ingest-process.ts';
import { checkpointOf, deadLetters, readMarketData, totalEvents } from './support/redis-inspect.ts';
import { type ReplayServer, startReplayServer } from './support/replay-server.ts';

const NS = 'ws';
const PARTITIONS = 2;
const SOURCE_ID = 'binance-btcusdt-bookticker';

/** Binance bookTicker messages; #5 is malformed JSON, #7 has a bad bid. */
const MESSAGES = [
  ticker(1_582_329_601_096, '9681.92'),
  ticker(1_582_329_603_401, '9681.83'),
  ticker(1_582_329_603_542, '9681.44'),
  ticker(1_582_329_603_611, '9681.42'),
  '{"stream":"btcusdt@bookTicker","data":{"s":"BTCUSDT",',
  ticker(1_582_329_603_712, '9681.43'),
  ticker(1_582_329_603_730, 'abc'),
  ticker(1_582_329_603_741, '9681.46'),
];

const MAPPING = {
  kind: 'quotes',
  venue: 'binance-futures',
  timestamp: { field: 'data.T', format: 'epoch-ms' },
  fields: {
    symbol: 'data.s',
    bid_price: 'data.b',
    bid_size: 'data.B',
    ask_price: 'data.a',
    ask_size: 'data.A',
  },
};

function ticker(timeMs: number, bid: string): string {
  return JSON.stringify({
    stream: 'btcusdt@bookTicker',
    data: { e: 'bookTicker', s: 'BTCUSDT', b: bid, B: '0.67', a: '9682', A: '0.84', T: timeMs },
  });
}

let server: EphemeralRedis;
let redis: Redis;
let feed: ReplayServer | undefined;

beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = new Redis(server.url);
});
afterEach(async () => {
  await killAll();
  await feed?.close();
  feed = undefined;
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

describe('market-data-ingest on a WebSocket feed', () => {
  it('given a feed that drops after 3 messages, then the service reconnects and resumes from 3, publishes the 6 good messages once and dead-letters 2; after SIGTERM a restart resumes from 8', async () => {
    const replay = await startReplayServer(MESSAGES, 3);
    feed = replay;
    const env = {
      REDIS_URL: server.url,
      TICKFLOW_NAMESPACE: NS,
      TICKFLOW_PARTITIONS: String(PARTITIONS),
      INGEST_SOURCE: 'websocket',
      INGEST_URL: replay.url,
      INGEST_MAPPING: JSON.stringify(MAPPING),
      INGEST_WS_GREETING: '{"op":"subscribe","from":{received}}',
      INGEST_SOURCE_ID: SOURCE_ID,
    };
    const run = startIngest(env);

    await waitFor(async () => (await totalEvents(redis, NS, PARTITIONS)) === 3, {
      timeoutMs: 20_000,
      description: 'the first 3 messages published',
    });
    replay.dropAll();
    await waitFor(async () => (await totalEvents(redis, NS, PARTITIONS)) === 6, {
      timeoutMs: 20_000,
      description: 'all 6 good messages published',
    });
    await waitFor(async () => (await checkpointOf(redis, NS, SOURCE_ID)) === 8, {
      description: 'the checkpoint at message 8',
    });

    expect(replay.resumedFrom).toEqual([0, 3]);
    const stored = await readMarketData(redis, NS, PARTITIONS);
    expect(stored.map((entry) => entry.event.id)).toEqual(
      [1, 2, 3, 4, 6, 8].map((message) => recordEventId(SOURCE_ID, message)),
    );
    expect(stored.map((entry) => entry.event.data.kind === 'quote' && entry.event.data.bid_price)).toEqual([
      '9681.92',
      '9681.83',
      '9681.44',
      '9681.42',
      '9681.43',
      '9681.46',
    ]);
    expect(stored[0]?.event.ts_event).toBe(1_582_329_601_096_000_000n);
    const dead = await deadLetters(redis, NS);
    expect(dead.map((entry) => [entry.line, entry.field])).toEqual([
      ['5', '(message)'],
      ['7', 'bid_price'],
    ]);
    expect(dead[0]).toMatchObject({ source: SOURCE_ID, raw: MESSAGES[4] });
    expect(dead[1]?.reason).toContain('got "abc" (field "data.b")');
    expect(run.output()).toContain('feed disconnected; reconnecting');
    const metrics = await scrape(run);
    expect(metrics).toContain(
      'tickflow_ingest_records_read_total{source="websocket",service="market-data-ingest"} 8',
    );
    expect(metrics).toContain(
      'tickflow_ingest_records_published_total{source="websocket",service="market-data-ingest"} 6',
    );
    expect(metrics).toContain(
      'tickflow_ingest_records_rejected_total{source="websocket",service="market-data-ingest"} 2',
    );
    expect(metrics).toContain(
      'tickflow_ingest_progress_line{source="websocket",service="market-data-ingest"} 8',
    );
    expect(metrics).toMatch(
      /^tickflow_ingest_lines_per_second\{source="websocket",service="market-data-ingest"\} [\d.e-]+$/m,
    );

    run.child.kill('SIGTERM');
    expect(await run.exitCode()).toBe(0);

    const restarted = startIngest(env);
    await waitFor(() => replay.resumedFrom.length === 3, {
      timeoutMs: 20_000,
      description: 'the restart to greet',
    });
    expect(replay.resumedFrom).toEqual([0, 3, 8]);
    restarted.child.kill('SIGTERM');
    expect(await restarted.exitCode()).toBe(0);
    expect(await totalEvents(redis, NS, PARTITIONS)).toBe(6);
  });
});

/** GET /metrics of the service (HTTP_PORT=0: the port is in its "starting" line). */
async function scrape(service: ServiceProcess): Promise<string> {
  const { port } = await service.waitForLog(
    (line) => line.msg === 'starting' && typeof line.port === 'number',
  );
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  return response.text();
}
