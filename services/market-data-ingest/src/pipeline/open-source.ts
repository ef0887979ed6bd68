// A source spec into the stream of records it yields.
import type { SourceSpec } from '../config/source-spec.ts';
import type { SkipReason } from '../json/message-plan.ts';
import { binanceCsv } from '../presets/binance-csv.ts';
import type { ReadProgress } from '../read-lines.ts';
import type { SourceRecord } from '../source-record.ts';
import { genericCsv } from '../sources/generic-csv.ts';
import { ndjson } from '../sources/ndjson.ts';
import { syntheticFeed } from '../sources/synthetic-feed.ts';
import { tardisCsv } from '../sources/tardis-csv.ts';
import { type Disconnect, websocketFeed } from '../sources/websocket-feed.ts';
import { jsonMessageReader } from '../websocket/json-messages.ts';

export interface OpenOptions {
  /** Ends a live feed (files and synthetic feeds are stopped by the reader instead). */
  readonly signal: AbortSignal;
  /** The checkpoint: a WebSocket feed numbers its messages after it (see below). */
  readonly startAfter: number;
  /** Updated as a file is read. */
  readonly progress: ReadProgress;
  /** Longest file line or WebSocket message, in bytes (see input/limits.ts). */
  readonly maxLineBytes?: number;
  readonly onDisconnect?: (disconnect: Disconnect) => void;
  /** Told of each JSON line or message that yields no record without being bad (filter, empty records). */
  readonly onSkipped?: (reason: SkipReason) => void;
}

/** Placeholder in INGEST_WS_GREETING for the number of messages already received. */
const RECEIVED = '{received}';

/** The records of a source. Throws SourceConfigError for bad options, at once. */
export function openSource(spec: SourceSpec, options: OpenOptions): AsyncIterable<SourceRecord> {
  const read = {
    progress: options.progress,
    ...(options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes }),
  };
  switch (spec.kind) {
    case 'synthetic':
      return syntheticFeed(spec.options);
    case 'tardis':
      return tardisCsv(spec.path, { kind: spec.dataset, ...read });
    case 'binance':
      return binanceCsv(spec.path, { dataset: spec.dataset, symbol: spec.symbol, ...read });
    case 'csv':
      return genericCsv(spec.path, spec.mapping, read);
    case 'ndjson':
      return ndjson(spec.path, spec.mapping, {
        ...read,
        ...(options.onSkipped === undefined ? {} : { onSkipped: options.onSkipped }),
      });
    case 'websocket': {
      const { greeting } = spec;
      // A file is read again from line 1 and skipped up to the checkpoint; a live feed cannot
      // be, so its numbering (and so its event ids) continues after the checkpoint instead.
      // A server that can resume is told how many messages we have, through the greeting.
      return websocketFeed({
        url: spec.url,
        read: jsonMessageReader(spec.mapping, options.onSkipped),
        reconnect: { baseDelayMs: 100, maxDelayMs: 10_000 },
        ...(options.maxLineBytes === undefined ? {} : { maxMessageBytes: options.maxLineBytes }),
        signal: options.signal,
        startAfter: options.startAfter,
        ...(greeting === undefined
          ? {}
          : { greeting: ({ received }) => greeting.replaceAll(RECEIVED, String(received)) }),
        ...(options.onDisconnect === undefined ? {} : { onDisconnect: options.onDisconnect }),
      });
    }
  }
}
