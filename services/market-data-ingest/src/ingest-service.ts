// The ingest run inside the service: wires the service's Redis, namespace, metrics and
// logger to the pipeline, and makes the service's stop (SIGTERM) stop reading and wait for
// the last batch and checkpoint to be written.
import { stat } from 'node:fs/promises';
import { ingestKeys } from '@tickflow/events';
import type { KitConfig, ServiceContext } from '@tickflow/service';
import { createPublisher } from '@tickflow/streams';
import type { IngestEnv } from './config/env-schema.ts';
import type { IngestSettings } from './config/settings.ts';
import { fileOf } from './config/source-spec.ts';
import { batchWriter } from './pipeline/batch-writer.ts';
import { redisCheckpoint } from './pipeline/checkpoint.ts';
import { redisDeadLetters } from './pipeline/dead-letter.ts';
import { type IngestEnd, runIngest } from './pipeline/ingest.ts';
import { ingestMetrics, skippedMessagesMetric } from './pipeline/ingest-metrics.ts';
import { observers } from './pipeline/ingest-observer.ts';
import { openSource } from './pipeline/open-source.ts';
import { createPacer } from './pipeline/pacer.ts';
import { createProgress, progressObserver } from './pipeline/progress.ts';
import { startProgressBar } from './pipeline/progress-bar.ts';
import { createRejectionTally } from './pipeline/rejection-tally.ts';
import { DEFAULT_RETRY } from './pipeline/retry.ts';
import { defaultSourceId } from './pipeline/source-id.ts';
import { formatSummary, type IngestSummary, summarise } from './pipeline/summary.ts';

export type IngestOutcome = IngestEnd | 'failed';

export interface IngestHandle {
  /** Settles when the run ends; never rejects (a failure is logged and reported as 'failed'). */
  readonly done: Promise<IngestOutcome>;
  /** What the run did, once `done` settled with 'finished' or 'stopped' (see summary.ts). */
  summary(): IngestSummary | undefined;
}

/** Starts ingesting in the background; the service's stop hook stops it. */
export function startIngest(
  service: ServiceContext<KitConfig & IngestEnv>,
  settings: IngestSettings,
): IngestHandle {
  const stop = new AbortController();
  let summary: IngestSummary | undefined;
  const done = ingest(service, settings, stop.signal).then(
    (result): IngestOutcome => {
      summary = result;
      return result.end;
    },
    (error: unknown) => {
      service.logger.error({ err: error }, 'ingest failed');
      return 'failed' as const;
    },
  );
  service.onStop(async () => {
    stop.abort();
    await done;
  });
  return { done, summary: () => summary };
}

async function ingest(
  service: ServiceContext<KitConfig & IngestEnv>,
  settings: IngestSettings,
  signal: AbortSignal,
): Promise<IngestSummary> {
  const { config, logger, redis } = service;
  const sourceId = settings.sourceId ?? (await defaultSourceId(settings.source));
  const keys = ingestKeys(config.TICKFLOW_NAMESPACE);
  const checkpoint = redisCheckpoint(redis, keys.progress(sourceId));
  const startAfter = await checkpoint.read();
  const file = fileOf(settings.source);
  const progress = createProgress(
    file === undefined ? undefined : (await stat(file)).size,
    performance.now(),
    startAfter,
  );
  // Its own publisher: ingest remembers event ids longer than the kit's default, so a crash
  // between a publish and its checkpoint is deduped even after a slow restart.
  const publisher = createPublisher(redis, {
    namespace: config.TICKFLOW_NAMESPACE,
    partitions: config.TICKFLOW_PARTITIONS,
    dedupeWindowMs: settings.dedupeWindowMs,
    metrics: service.metrics.streams,
  });
  const retry = {
    ...DEFAULT_RETRY,
    onRetry: (what: string, attempt: number, error: unknown, delayMs: number) =>
      logger.warn({ err: error, attempt, delayMs }, `${what} failed; retrying`),
  };
  logger.info(
    { source: settings.sourceName, sourceId, startAfter, pacing: settings.pacing, file },
    startAfter > 0 ? 'resuming after the checkpoint' : 'ingesting',
  );
  const rejections = createRejectionTally();
  // Messages that were not data (heartbeats, replies): a metric, and a line of the summary.
  const skippedMessages = { filter: 0, empty: 0 };
  const countSkipped = skippedMessagesMetric(service.metrics.registry, settings.sourceName);
  const bar = process.stderr.isTTY ? startProgressBar(progress, process.stderr) : undefined;
  let end: IngestEnd;
  try {
    end = await runIngest({
      source: openSource(settings.source, {
        signal,
        startAfter,
        progress,
        maxLineBytes: settings.maxLineBytes,
        onDisconnect: ({ connection, code, error, retryInMs }) =>
          logger.warn({ connection, code, err: error, retryInMs }, 'feed disconnected; reconnecting'),
        onSkipped: (reason) => {
          skippedMessages[reason]++;
          countSkipped(reason);
        },
      }),
      sourceId,
      startAfter,
      pacer: createPacer(settings.pacing),
      batchSize: settings.batchSize,
      write: batchWriter({
        publisher,
        deadLetters: redisDeadLetters(redis, keys.deadLetter, sourceId),
        checkpoint,
        retry,
      }),
      observer: observers(
        progressObserver(progress),
        ingestMetrics(service.metrics.registry, settings.sourceName, progress),
        rejections.observer,
      ),
      signal,
    });
  } finally {
    bar?.stop();
  }
  const summary = summarise(end, progress, rejections, performance.now(), skippedMessages);
  const { records, skipped, published, duplicates, rejected } = progress;
  // Every row rejected is why the process will exit non-zero (see main.ts): an error then.
  // The flat counts stay as they were for whoever reads them; `summary` says it all.
  logger[summary.allRejected && end === 'finished' ? 'error' : 'info'](
    { sourceId, records, skipped, published, duplicates, rejected, checkpoint: progress.checkpoint, summary },
    end === 'finished' ? 'source done' : 'stopped',
  );
  // For the person at a terminal, where the progress bar was: logs are JSON on stdout, and
  // off a terminal (a pod, a pipe, the tests) stderr means errors, so the log line is the summary.
  if (file !== undefined && process.stderr.isTTY) {
    process.stderr.write(formatSummary(summary, file, keys.deadLetter));
  }
  return summary;
}
