// Ingest metrics on the service's registry (served on /metrics next to the kit's).
import { Counter, Gauge, type Registry } from 'prom-client';
import type { IngestObserver } from './ingest-observer.ts';
import { type IngestProgress, percentRead } from './progress.ts';
import { createRateMeter } from './rate-meter.ts';

/** Registers the metrics, labelled with the source (INGEST_SOURCE); returns the observer that feeds them. */
export function ingestMetrics(registry: Registry, source: string, progress: IngestProgress): IngestObserver {
  const registers = [registry];
  const counter = (name: string, help: string) =>
    new Counter({ name, help, labelNames: ['source'], registers }).labels(source);
  // Reads are counted here and added to the counter once a batch (and on each scrape): a
  // labelled inc() per row hashed its labels each time, a cost paid a million times a file.
  let unreported = 0;
  const readCounter = new Counter({
    name: 'tickflow_ingest_records_read_total',
    help: 'Records read from the source.',
    labelNames: ['source'],
    registers,
    collect: () => reportReads(),
  });
  const read = readCounter.labels(source);
  const reportReads = () => {
    if (unreported === 0) return;
    read.inc(unreported);
    unreported = 0;
  };
  const published = counter('tickflow_ingest_records_published_total', 'MarketData events appended.');
  const rejected = counter('tickflow_ingest_records_rejected_total', 'Bad records sent to the ingest DLQ.');
  const duplicates = new Counter({
    name: 'tickflow_ingest_duplicates_skipped_total',
    help: 'Records not published again: at or before the checkpoint, or already in the stream (dedupe).',
    labelNames: ['source', 'reason'],
    registers,
  });
  const rate = createRateMeter(progress.startMs);
  const gauge = (name: string, help: string, value: () => number | undefined) =>
    new Gauge({
      name,
      help,
      labelNames: ['source'],
      registers,
      collect() {
        const current = value();
        if (current !== undefined) this.set({ source }, current);
      },
    });
  gauge('tickflow_ingest_lines_per_second', 'Records read per second, recently.', () =>
    rate(progress.records, performance.now()),
  );
  gauge('tickflow_ingest_progress_line', 'Last line (or message) checkpointed.', () => progress.checkpoint);
  gauge('tickflow_ingest_progress_percent', "Percent of the file's bytes read (files only).", () =>
    percentRead(progress),
  );

  const atCheckpoint = duplicates.labels(source, 'checkpoint');
  const inStream = duplicates.labels(source, 'dedupe');
  return {
    read: () => {
      unreported++;
    },
    skipped: () => atCheckpoint.inc(),
    written(result) {
      reportReads();
      published.inc(result.published);
      inStream.inc(result.duplicates);
      rejected.inc(result.rejected);
    },
  };
}

/**
 * Registers `tickflow_ingest_messages_skipped_total{source,reason}`: JSON lines or messages
 * that yielded no record without being bad input — `filter` (the mapping's filter did not
 * match: heartbeats, subscription replies) or `empty` (an empty `records` array). Returns
 * the function that counts one.
 */
export function skippedMessagesMetric(registry: Registry, source: string): (reason: string) => void {
  const skipped = new Counter({
    name: 'tickflow_ingest_messages_skipped_total',
    help: 'JSON lines or messages that yielded no record without being bad input, by reason: filter (not matched), empty (an empty records array).',
    labelNames: ['source', 'reason'],
    registers: [registry],
  });
  return (reason) => skipped.labels(source, reason).inc();
}
