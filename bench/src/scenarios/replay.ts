// 4. replay: stored events read back at full speed. Write variant: every stored event
// replayed into another namespace by replay-service's engine (startReplayRun at max speed:
// readEventBatches — XRANGE pages of 1,000 per partition, merged in append order, decoded
// and validated — and each batch copied under its entry ids in one pipeline).
// Raw: XRANGE paging of the 8 streams (one pipeline per round) + pipelined XADD of the
// entries as read. Read-only variant: the reading alone.

import { encodeEvent, partitionOf } from '@tickflow/events';
import { startReplayRun } from '@tickflow/replay';
import { connect, readEventBatches } from '@tickflow/streams';
import type { Redis } from 'ioredis';
import { BATCH, type BenchOptions, PARTITIONS } from '../options.ts';
import { execOrThrow, rawClient, streamsOf } from '../redis.ts';
import { type ScenarioResult, vsRaw } from '../report.ts';
import { sampleEvents } from '../sample.ts';
import { rate } from '../stats.ts';

const SOURCE = 'bench-live';
const source = { namespace: SOURCE, type: 'market_data', partitions: PARTITIONS } as const;

export async function replayScenario(url: string, options: BenchOptions): Promise<ScenarioResult> {
  const total = options.replayEvents;
  const redis = await rawClient(url);
  const commands = await connect({ url, commandTimeoutMs: 30_000 }, 'commands');
  const bulk = await connect({ url }, 'bulk');
  try {
    await seed(redis, total);
    const rawRead = await timed(total, () => rawReplay(redis, undefined));
    const projectRead = await timed(total, () => projectReplay(commands));
    const rawWrite = await timed(total, () => rawReplay(redis, streamsOf('raw-replay')));
    const projectWrite = await timed(total, () => engineReplay(commands, bulk, total));
    return {
      scenario: 'replay',
      status: 'ok',
      metrics: [
        vsRaw('replay into a namespace', 'events/s', projectWrite, rawWrite, 0.9),
        vsRaw('read-only', 'events/s', projectRead, rawRead, 0.7),
      ],
      notes: [`${total} stored events`],
    };
  } finally {
    redis.disconnect();
    commands.disconnect();
    bulk.disconnect();
  }
}

/** Runs `replay` (which returns how many events it saw) and returns events/s. */
async function timed(expected: number, replay: () => Promise<number>): Promise<number> {
  const started = performance.now();
  const seen = await replay();
  const elapsed = performance.now() - started;
  if (seen !== expected) throw new Error(`replay saw ${seen} events, expected ${expected}`);
  return rate(seen, elapsed);
}

async function seed(redis: Redis, total: number): Promise<void> {
  const streams = streamsOf(SOURCE);
  for (let from = 0; from < total; from += BATCH) {
    const pipeline = redis.pipeline();
    for (const event of sampleEvents(from, Math.min(BATCH, total - from))) {
      pipeline.xadd(streams[partitionOf(event.key, PARTITIONS)] as string, '*', ...encodeEvent(event));
    }
    await execOrThrow(pipeline);
  }
}

async function projectReplay(redis: Redis): Promise<number> {
  let seen = 0;
  for await (const batch of readEventBatches(redis, source)) seen += batch.length;
  return seen;
}

/** The engine replay-service runs, at max speed, into a fresh namespace (writes on a bulk connection, as the service's). */
async function engineReplay(redis: Redis, bulk: Redis, total: number): Promise<number> {
  const progress = await startReplayRun({
    id: 'bench',
    redis,
    sourceNamespace: SOURCE,
    target: 'bench-replay',
    source: (async function* () {
      for await (const events of readEventBatches(redis, source)) yield { events, scanned: events.length };
    })(),
    total,
    speed: { mode: 'max' },
    writeRedis: bulk,
  }).done;
  if (progress.state !== 'completed') throw new Error(`replay ${progress.state}: ${progress.error}`);
  return progress.replayed;
}

async function rawReplay(redis: Redis, targets: readonly string[] | undefined): Promise<number> {
  const sources = streamsOf(SOURCE);
  const next: (string | undefined)[] = sources.map(() => '-');
  let seen = 0;
  while (next.some((cursor) => cursor !== undefined)) {
    const reads = redis.pipeline();
    const reading = sources.filter((_, p) => next[p] !== undefined).map((stream) => sources.indexOf(stream));
    for (const p of reading) reads.xrange(sources[p] as string, next[p] as string, '+', 'COUNT', BATCH);
    const pages = (await reads.exec()) ?? [];
    const writes = redis.pipeline();
    reading.forEach((p, i) => {
      const [error, page] = pages[i] as [Error | null, [string, string[]][]];
      if (error) throw error;
      seen += page.length;
      const last = page.at(-1)?.[0];
      next[p] = page.length < BATCH || last === undefined ? undefined : `(${last}`;
      if (targets) for (const [, fields] of page) writes.xadd(targets[p] as string, '*', ...fields);
    });
    if (targets) await execOrThrow(writes);
  }
  return seen;
}
