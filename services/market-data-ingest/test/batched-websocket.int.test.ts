// Batched WebSocket messages: the same `records` and `filter` as NDJSON, over a live feed.
// Messages keep their numbers (a skipped one too), each element is one record, and a
// message-level rejection names the message.
import { waitFor } from '@tickflow/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { type SourceRecord, type TradeNdjsonMapping, websocketFeed } from '../src/index.ts';
import { jsonMessageReader } from '../src/websocket/json-messages.ts';
import { type ReplayServer, startReplayServer } from './support/replay-server.ts';

const MESSAGES = [
  '{"type":"subscribed"}',
  '{"type":"trades","symbol":"BTCUSDT","data":[{"id":"1","p":"9681.92","q":"0.5","side":"buy","t":1582329601096},{"id":"2","p":"9681.93","q":"0.25","side":"sell","t":1582329601097}]}',
  '{"type":"heartbeat"}',
  '{"type":"trades","symbol":"BTCUSDT","data":[]}',
  '{"type":"trades","symbol":"BTCUSDT","data":"oops"}',
  '{"type":"trades","symbol":"BTCUSDT","data":[{"id":"3","p":"9682","q":"1","side":"buy","t":1582329601100}]}',
];

const MAPPING: TradeNdjsonMapping = {
  kind: 'trades',
  venue: 'testex',
  filter: { field: 'type', equals: 'trades' },
  records: 'data',
  timestamp: { field: 't', format: 'epoch-ms' },
  fields: { symbol: '$.symbol', price: 'p', size: 'q', side: 'side', trade_id: 'id' },
};

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('websocketFeed with a records array and a filter', () => {
  it('given batched, filtered, empty and bad messages, then elements come out in order with their message number and index, skips are reported, and the bad message is rejected as a message', async () => {
    server = await startReplayServer(MESSAGES, MESSAGES.length);
    const skipped: string[] = [];
    const stop = new AbortController();
    const records: SourceRecord[] = [];
    const feed = websocketFeed({
      url: server.url,
      read: jsonMessageReader(MAPPING, (reason) => skipped.push(reason)),
      reconnect: { baseDelayMs: 10, maxDelayMs: 100 },
      greeting: () => '{"op":"subscribe","from":0}',
      signal: stop.signal,
    });
    const reading = (async () => {
      for await (const record of feed) records.push(record);
    })();
    await waitFor(() => records.length === 4, { timeoutMs: 10_000, description: 'four records' });
    stop.abort();
    await reading;

    expect(
      records.map((record) =>
        record.ok
          ? `ok ${record.line}.${record.element?.index} ${record.data.kind === 'trade' ? record.data.trade_id : ''}`
          : `bad ${record.line} ${record.field}`,
      ),
    ).toEqual(['ok 2.0 1', 'ok 2.1 2', 'bad 5 (message)', 'ok 6.0 3']);
    expect(skipped).toEqual(['filter', 'filter', 'empty']);
    // No receive time in the message: ts_init is when it arrived.
    expect(records[0]?.ok && typeof records[0].ts_init).toBe('bigint');
  });
});
