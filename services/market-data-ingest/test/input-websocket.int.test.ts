// A WebSocket message longer than the limit, against a real local server: the socket refuses
// it unread (maxPayload), it comes out rejected under its own number with a clear reason, and
// the feed reconnects and resumes after it — the messages around it all arrive, once.
import { waitFor } from '@tickflow/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { type Disconnect, type SourceRecord, websocketFeed } from '../src/index.ts';
import { type ReplayServer, startReplayServer } from './support/replay-server.ts';

const LIMIT = 1024;

function quote(bid: string, pad = ''): string {
  return JSON.stringify({ bid, ts: 1_582_329_601_096, pad });
}

/** Message 2 is 4 KiB, past the limit; 1 and 3 are well under it. */
const MESSAGES = [quote('9681.92'), quote('9681.83', 'x'.repeat(4 * LIMIT)), quote('9681.44')];

let server: ReplayServer | undefined;
const controller = new AbortController();

afterEach(async () => {
  controller.abort();
  await server?.close();
});

describe('a WebSocket message over the limit', () => {
  it('given a 4 KiB message and maxMessageBytes 1024, then it is rejected as message 2 and messages 1 and 3 arrive after a resume', async () => {
    server = await startReplayServer(MESSAGES, MESSAGES.length);
    const records: SourceRecord[] = [];
    const disconnects: Disconnect[] = [];
    const feed = websocketFeed({
      url: server.url,
      parse: (message) => {
        const { bid, ts } = JSON.parse(message) as { bid: string; ts: number };
        const data = {
          kind: 'quote',
          symbol: 'BTCUSDT',
          venue: 'test',
          bid_price: bid,
          bid_size: '1',
          ask_price: '9682',
          ask_size: '1',
        };
        return { data, ts_event: BigInt(ts) * 1_000_000n };
      },
      reconnect: { baseDelayMs: 20, maxDelayMs: 200 },
      signal: controller.signal,
      maxMessageBytes: LIMIT,
      greeting: ({ received }) => JSON.stringify({ op: 'subscribe', from: received }),
      onDisconnect: (disconnect) => disconnects.push(disconnect),
    });
    const consuming = (async () => {
      for await (const record of feed) records.push(record);
    })();

    await waitFor(() => records.length >= 3, { description: 'all 3 messages' });
    controller.abort();
    await consuming;

    expect(records.map((record) => record.line)).toEqual([1, 2, 3]);
    expect(records[1]).toEqual({
      ok: false,
      line: 2,
      field: '(message)',
      reason: 'message longer than 1024 bytes: dropped unread, and the connection reopened',
      raw: '',
    });
    expect(records.filter((record) => record.ok)).toHaveLength(2);
    // The greeting after the drop asks for what follows message 2, not for it again.
    expect(server.resumedFrom).toEqual([0, 2]);
    expect(disconnects[0]?.error?.message).toBe('Max payload size exceeded');
  });
});
