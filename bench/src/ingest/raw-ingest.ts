// The ingest scenario's raw baseline: parse nothing, pipelined XADD of pre-built entries.
// The same rows as the file, as the encoded field lists the service would write (built from
// the generator with createEvent + encodeEvent, outside the timed part, a batch at a time so
// a million of them are never all in memory), XADDed one pipeline per batch of the service's
// batch size into the 8 partition streams. Only the pipelines are timed.
import { createEvent, encodeEvent, partitionOf } from '@tickflow/events';
import { PARTITIONS } from '../options.ts';
import { execOrThrow, rawClient, streamsOf } from '../redis.ts';
import { rate } from '../stats.ts';
import { type QuoteRow, quoteRows, VENUE } from './quotes-file.ts';

/** INGEST_BATCH_SIZE's default: the service writes batches of this many events. */
export const INGEST_BATCH = 500;

export async function rawIngest(url: string, namespace: string, rows: number, seed: number): Promise<number> {
  const redis = await rawClient(url);
  const streams = streamsOf(namespace);
  try {
    let busyMs = 0;
    let batch: { stream: string; fields: string[] }[] = [];
    const write = async () => {
      const started = performance.now();
      const pipeline = redis.pipeline();
      for (const { stream, fields } of batch) pipeline.xadd(stream, '*', ...fields);
      await execOrThrow(pipeline);
      busyMs += performance.now() - started;
      batch = [];
    };
    for (const row of quoteRows(rows, seed)) {
      batch.push({
        stream: streams[partitionOf(row.symbol, PARTITIONS)] as string,
        fields: encodeEvent(eventOf(row)),
      });
      if (batch.length === INGEST_BATCH) await write();
    }
    if (batch.length > 0) await write();
    return rate(rows, busyMs);
  } finally {
    redis.disconnect();
  }
}

function eventOf(row: QuoteRow) {
  return createEvent({
    type: 'market_data',
    ts_event: row.tsUs * 1000n,
    ts_init: row.localUs * 1000n,
    data: {
      kind: 'quote',
      symbol: row.symbol,
      venue: VENUE,
      bid_price: row.bidPrice,
      bid_size: row.bidSize,
      ask_price: row.askPrice,
      ask_size: row.askSize,
    },
  });
}
