// One replay run: the selected events, paced, copied into the target namespace. The source
// is any async iterable of batches (the selection reader in production), so the pacing and
// control — pause, resume, speed, step, cancel, interrupt — are one piece of code whatever
// is replayed. Batches are written as soon as the pacer would make the next event wait, so
// at max speed a whole page goes in one round trip and at ×N nothing is held back.
import type { RedisClient, StoredEvent } from '@tickflow/streams';
import { compareEntryIds } from '../entry-ids.ts';
import { createPacer } from './pacer.ts';
import { isFinal, type ReplayProgress, type ReplayState } from './progress.ts';
import { formatSpeed, type Speed } from './speed.ts';
import { assertNotSource } from './target-checks.ts';
import { createTargetWriter } from './target-writer.ts';

export interface ReplayBatch {
  readonly events: readonly StoredEvent[];
  /** Entries of the range this batch went through (selected or not). */
  readonly scanned: number;
  /** Of those, entries that are not events (they do not decode): not replayed, counted. */
  readonly skipped?: number;
}

export interface ReplayRunOptions {
  readonly id: string;
  readonly redis: RedisClient;
  /**
   * The connection the copies are written on; default `redis`. A `bulk` connection of its own
   * (connect(…, 'bulk')) spares a timer per command: the writer bounds each batch instead.
   */
  readonly writeRedis?: RedisClient;
  /** How long one write may go unanswered before its connection is dropped and it is retried. Default 30,000 ms. */
  readonly writeTimeoutMs?: number;
  /** The namespace replayed from: never written to. */
  readonly sourceNamespace: string;
  readonly target: string;
  readonly source: AsyncIterable<ReplayBatch>;
  readonly total: number;
  readonly speed: Speed;
  /** Target stream → its last entry id before this run: entries up to it are there already (a resumed run) and go unpaced. */
  readonly presentUpTo?: ReadonlyMap<string, string>;
  /** Called after every write and at the end. */
  readonly onProgress?: (progress: ReplayProgress) => void;
  /** Most events in one write. Default 1,000. */
  readonly maxWrite?: number;
}

export interface ReplayRun {
  readonly id: string;
  readonly target: string;
  progress(): ReplayProgress;
  pause(): void;
  resume(): void;
  setSpeed(speed: Speed): void;
  /** Step mode: writes the next `count` events; resolves with how many went (fewer only at the end). */
  step(count: number): Promise<number>;
  /** Stops for good; resolves with the final progress. */
  cancel(): Promise<ReplayProgress>;
  /** Stops for a shutdown: state `interrupted`, resumable (the target keeps what was written). */
  interrupt(): Promise<ReplayProgress>;
  /** Resolves with the final progress, whatever the end. */
  readonly done: Promise<ReplayProgress>;
}

class Stopped extends Error {
  readonly state: 'cancelled' | 'interrupted';
  constructor(state: 'cancelled' | 'interrupted') {
    super(`replay ${state}`);
    this.state = state;
  }
}

/** Starts the run at once. Throws ConflictError when the target is the source namespace. */
export function startReplayRun(options: ReplayRunOptions): ReplayRun {
  assertNotSource(options.sourceNamespace, options.target);
  const pacer = createPacer(options.speed);
  const writer = createTargetWriter(options.writeRedis ?? options.redis, options.target, {
    runId: options.id,
    sourceNamespace: options.sourceNamespace,
    ...(options.writeTimeoutMs === undefined ? {} : { batchTimeoutMs: options.writeTimeoutMs }),
  });
  const abort = new AbortController();
  const startedAt = Date.now();
  const startedMono = performance.now();
  let endedMono: number | undefined;
  let stopped: Stopped | undefined;
  const maxWrite = options.maxWrite ?? 1_000;
  let state: ReplayState = 'running';
  let scanned = 0;
  // Within the batch being written: the share of its scanned entries already behind us, so
  // progress and ETA move per event, not a page (up to 1,000 entries) at a time.
  let scannedInBatch = 0;
  let skipped = 0;
  let replayed = 0;
  let present = 0;
  let endedAt: number | undefined;
  let error: string | undefined;
  const stepWaiters: { until: number; from: number; resolve: (count: number) => void }[] = [];

  const progress = (): ReplayProgress => {
    const elapsedS = ((endedMono ?? performance.now()) - startedMono) / 1000;
    const done = scanned + scannedInBatch;
    const scanRate = elapsedS > 0 ? done / elapsedS : 0;
    const ended = isFinal(state);
    return {
      id: options.id,
      target: options.target,
      state,
      speed: formatSpeed(pacer.speed),
      total: options.total,
      scanned: Math.round(done),
      replayed,
      skipped,
      present,
      startedAt,
      ...(endedAt === undefined ? {} : { endedAt }),
      ratePerSec: elapsedS > 0 ? (replayed + present) / elapsedS : 0,
      // No ETA while it waits on someone: paused, or stepping by hand.
      ...(!ended && state !== 'paused' && pacer.speed.mode !== 'step' && scanRate > 0
        ? { etaMs: Math.round((Math.max(0, options.total - done) / scanRate) * 1000) }
        : {}),
      ...(error === undefined ? {} : { error }),
    };
  };
  const settleSteps = (final: boolean) => {
    const delivered = replayed + present;
    for (let i = stepWaiters.length - 1; i >= 0; i--) {
      const waiter = stepWaiters[i] as (typeof stepWaiters)[number];
      if (final || delivered >= waiter.until) {
        stepWaiters.splice(i, 1);
        waiter.resolve(delivered - waiter.from);
      }
    }
  };

  // One write in flight while the next batch is read and decoded (the CPU work overlaps the
  // round trip). Writes go out one after the other, never two at once: a write that fails
  // stops the ones after it, so the target never holds an entry past one it is missing.
  let outgoing: StoredEvent[] = [];
  let inFlight: Promise<void> = Promise.resolve();
  const send = async (batch: StoredEvent[]) => {
    const outcome = await writer.write(batch, abort.signal);
    replayed += outcome.written;
    present += outcome.present;
    settleSteps(false);
    options.onProgress?.(progress());
  };
  /** Sends what is gathered once the previous write is done, without waiting for this one. */
  const startWrite = async () => {
    await inFlight;
    if (outgoing.length === 0) return;
    const batch = outgoing;
    outgoing = [];
    inFlight = send(batch);
    // Awaited later (the next write, a wait, the end); a failure must not go unhandled meanwhile.
    inFlight.catch(() => undefined);
  };
  /** Everything gathered written. */
  const flush = async () => {
    await startWrite();
    await inFlight;
  };

  const run = async (): Promise<void> => {
    for await (const batch of options.source) {
      const perEvent = batch.events.length > 0 ? batch.scanned / batch.events.length : 0;
      for (const stored of batch.events) {
        scannedInBatch += perEvent;
        const before = options.presentUpTo?.get(writer.streamOf(stored));
        if (before !== undefined && compareEntryIds(stored.entryId, before) <= 0) {
          present++;
          continue;
        }
        if (!pacer.ready(stored.event.ts_event)) {
          await flush();
          await pacer.wait(stored.event.ts_event);
        }
        outgoing.push(stored);
        if (outgoing.length >= maxWrite) await startWrite();
      }
      scanned += batch.scanned;
      scannedInBatch = 0;
      skipped += batch.skipped ?? 0;
    }
    await flush();
  };

  const done = run().then(
    () => finish('completed'),
    (failure: unknown) => {
      // A stop aborts a write that is waiting out an outage too: that is a stop, not a failure.
      if (stopped) return finish(stopped.state);
      error = failure instanceof Error ? failure.message : String(failure);
      return finish('failed');
    },
  );
  function finish(final: ReplayState): ReplayProgress {
    state = final;
    endedAt = Date.now();
    endedMono = performance.now();
    settleSteps(true);
    const last = progress();
    options.onProgress?.(last);
    return last;
  }

  const stop = (why: 'cancelled' | 'interrupted') => {
    if (!isFinal(state) && !stopped) {
      stopped = new Stopped(why);
      pacer.cancel(stopped);
      abort.abort();
    }
    return done;
  };

  return {
    id: options.id,
    target: options.target,
    progress,
    pause() {
      if (state !== 'running') return;
      pacer.pause();
      state = 'paused';
      options.onProgress?.(progress());
    },
    resume() {
      if (state !== 'paused') return;
      pacer.resume();
      state = 'running';
      options.onProgress?.(progress());
    },
    setSpeed(speed) {
      if (isFinal(state)) return;
      pacer.setSpeed(speed);
      options.onProgress?.(progress());
    },
    step(count) {
      if (!Number.isInteger(count) || count < 1)
        throw new RangeError(`step count must be a positive integer, got ${count}`);
      if (isFinal(state)) return Promise.resolve(0);
      const from = replayed + present;
      const stepped = new Promise<number>((resolve) =>
        stepWaiters.push({ until: from + count, from, resolve }),
      );
      pacer.grant(count);
      return stepped;
    },
    cancel: () => stop('cancelled'),
    interrupt: () => stop('interrupted'),
    done,
  };
}
