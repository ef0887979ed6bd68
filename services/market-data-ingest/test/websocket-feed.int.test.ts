// The WebSocket feed against a real local server: it survives a drop mid-stream, resumes
// where it left off (nothing lost, nothing twice), keeps numbering across connections, and
// ends when aborted or when the consumer stops.
import { nsFromMs } from '@tickflow/events';
import { waitFor } from '@tickflow/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Disconnect,
  type RecordCandidate,
  type SourceRecord,
  type WebSocketFeedOptions,
  websocketFeed,
} from '../src/index.ts';
import { type ReplayServer, startReplayServer } from './support/replay-server.ts';

/** Binance bookTicker-like messages, as a recorder would have stored them; #5 is malformed, #7 has a bad bid. */
const MESSAGES = [
  ticker(1_582_329_601_096, '9681.92', '0.67'),
  ticker(1_582_329_603_401, '9681.83', '0.003'),
  ticker(1_582_329_603_542, '9681.44', '0.363'),
  ticker(1_582_329_603_611, '9681.42', '0.031'),
  '{"stream":"btcusdt@bookTicker","data":{"s":"BTCUSDT",',
  ticker(1_582_329_603_712, '9681.43', '0.67'),
  ticker(1_582_329_603_730, 'abc', '4.62'),
  ticker(1_582_329_603_741, '9681.46', '0.363'),
];

interface BookTicker {
  readonly data: { s: string; b: string; B: string; a: string; A: string; T: number };
}

function ticker(timeMs: number, bid: string, bidSize: string): string {
  return JSON.stringify({
    stream: 'btcusdt@bookTicker',
    data: { e: 'bookTicker', s: 'BTCUSDT', b: bid, B: bidSize, a: '9682', A: '0.84', T: timeMs },
  });
}

function parseTicker(message: string): RecordCandidate {
  const { data } = JSON.parse(message) as BookTicker;
  return {
    data: {
      kind: 'quote',
      symbol: data.s,
      venue: 'binance-futures',
      bid_price: data.b,
      bid_size: data.B,
      ask_price: data.a,
      ask_size: data.A,
    },
    ts_event: nsFromMs(data.T),
  };
}

let server: ReplayServer | undefined;
const abort = new Set<AbortController>();

afterEach(async () => {
  for (const controller of abort) controller.abort();
  abort.clear();
  await server?.close();
  server = undefined;
});

/** Starts a feed on `url` and consumes it in the background into `records`. */
function consume(url: string, extra: Partial<WebSocketFeedOptions> = {}) {
  const controller = new AbortController();
  abort.add(controller);
  const records: SourceRecord[] = [];
  const disconnects: Disconnect[] = [];
  let finished = false;
  const feed = websocketFeed({
    url,
    parse: parseTicker,
    reconnect: { baseDelayMs: 20, maxDelayMs: 200 },
    signal: controller.signal,
    greeting: ({ received }) => JSON.stringify({ op: 'subscribe', from: received }),
    onDisconnect: (disconnect) => disconnects.push(disconnect),
    ...extra,
  });
  const done = (async () => {
    for await (const record of feed) records.push(record);
    finished = true;
  })();
  return { controller, records, disconnects, done, isFinished: () => finished };
}

describe('websocketFeed', () => {
  it('given a server that drops the connection mid-stream, when the client reconnects and resumes, then every message arrives once, in order, numbered across connections', async () => {
    server = await startReplayServer(MESSAGES, 3);
    const feed = consume(server.url);

    await waitFor(() => feed.records.length >= 3, { description: 'the first 3 records' });
    server.dropAll();
    await waitFor(() => feed.records.length >= MESSAGES.length, { description: 'all 8 records' });

    expect(server.resumedFrom).toEqual([0, 3]);
    expect(feed.disconnects).toHaveLength(1);
    expect(feed.disconnects[0]).toMatchObject({ connection: 1, code: 1006 });
    expect(feed.records.map((record) => record.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(feed.records.map((record) => (record.ok ? 'ok' : record.field))).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      '(message)',
      'ok',
      'bid_price',
      'ok',
    ]);
    const bids = feed.records.map((record) =>
      record.ok && record.data.kind === 'quote' ? record.data.bid_price : '-',
    );
    expect(bids).toEqual(['9681.92', '9681.83', '9681.44', '9681.42', '-', '9681.43', '-', '9681.46']);
    expect(feed.records[0]).toMatchObject({ ok: true, ts_event: 1_582_329_601_096_000_000n });
    expect(feed.records[4]).toMatchObject({ ok: false, raw: MESSAGES[4] });

    feed.controller.abort();
    await waitFor(() => feed.isFinished(), { description: 'the feed to end after abort' });
    expect(feed.records).toHaveLength(MESSAGES.length);
  });

  it('given the server is gone, when the feed keeps retrying with backoff and is then aborted, then iteration ends', async () => {
    server = await startReplayServer(MESSAGES, 2);
    const feed = consume(server.url);
    await waitFor(() => feed.records.length === 2, { description: 'the first 2 records' });

    await server.close();
    server = undefined;
    await waitFor(() => feed.disconnects.length >= 3, { description: 'three failed connections' });
    feed.controller.abort();
    await waitFor(() => feed.isFinished(), { description: 'the feed to end after abort' });

    expect(feed.records.map((record) => record.line)).toEqual([1, 2]);
    expect(feed.disconnects.every((d) => d.retryInMs >= 10 && d.retryInMs <= 200)).toBe(true);
  });

  it('given a connection that goes silent, when idleTimeoutMs passes without a message, then the client drops it, reconnects and resumes', async () => {
    server = await startReplayServer(MESSAGES, 2);
    const feed = consume(server.url, { idleTimeoutMs: 300 });

    await waitFor(() => feed.records.length >= MESSAGES.length, { description: 'all 8 records' });

    expect(server.resumedFrom).toEqual([0, 2]);
    expect(feed.disconnects[0]?.error?.message).toBe('no message for 300 ms');
    expect(feed.records.map((record) => record.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('given a consumer that breaks out of its loop, then the connection is closed', async () => {
    server = await startReplayServer(MESSAGES, 8);
    const controller = new AbortController();
    abort.add(controller);
    const feed = websocketFeed({
      url: server.url,
      parse: parseTicker,
      reconnect: { baseDelayMs: 20, maxDelayMs: 200 },
      signal: controller.signal,
      greeting: ({ received }) => JSON.stringify({ op: 'subscribe', from: received }),
    });

    for await (const record of feed) {
      expect(record.line).toBe(1);
      break;
    }

    const open = server;
    await waitFor(() => open.openConnections() === 0, { description: 'the server to see the close' });
  });

  it('given an aborted signal before the first read, then the feed yields nothing', async () => {
    server = await startReplayServer(MESSAGES, 8);
    const controller = new AbortController();
    controller.abort();
    const records: SourceRecord[] = [];
    for await (const record of websocketFeed({
      url: server.url,
      parse: parseTicker,
      reconnect: { baseDelayMs: 20, maxDelayMs: 200 },
      signal: controller.signal,
    })) {
      records.push(record);
    }
    expect(records).toEqual([]);
  });
});
