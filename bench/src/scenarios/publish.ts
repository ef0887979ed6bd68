// 1. publish: events/s from one process into 8 partitions, in batches of 1,000.
// Project: publisher.publishAll (encode, dedupe marker, trim, one script call per event,
// auto-pipelined). Raw: one pipeline of plain XADDs of pre-encoded field lists per batch.
// Events are built (validated) outside the timed part on both sides. The cluster scenario runs
// both sides on a `redis+cluster://` URL too (the raw side then pipelines per slot).
import { encodeEvent, partitionOf } from '@tickflow/events';
import { connectClient, createPublisher } from '@tickflow/streams';
import { BATCH, type BenchOptions, PARTITIONS } from '../options.ts';
import { xaddAll } from '../raw-xadd.ts';
import { rawAnyClient, streamsOf } from '../redis.ts';
import { type ScenarioResult, vsRaw } from '../report.ts';
import { sampleEvents } from '../sample.ts';
import { rate } from '../stats.ts';

export async function publishScenario(url: string, options: BenchOptions): Promise<ScenarioResult> {
  const raw = await rawPublish(url, options.publishEvents);
  const project = await projectPublish(url, options.publishEvents);
  return {
    scenario: 'publish',
    status: 'ok',
    metrics: [vsRaw('throughput', 'events/s', project, raw, 0.8)],
  };
}

/** The namespaces each side publishes into. */
export const PROJECT_PUBLISH_NAMESPACE = 'bench-publish';
export const RAW_PUBLISH_NAMESPACE = 'raw-publish';

/** events/s of the project's publisher (publishAll of BATCH) on a Redis or cluster URL. */
export async function projectPublish(url: string, total: number): Promise<number> {
  const redis = await connectClient({ url }, 'commands');
  try {
    const publisher = createPublisher(redis, {
      namespace: PROJECT_PUBLISH_NAMESPACE,
      partitions: PARTITIONS,
    });
    let busyMs = 0;
    for (let sent = 0; sent < total; sent += BATCH) {
      const events = sampleEvents(sent, Math.min(BATCH, total - sent));
      const started = performance.now();
      await publisher.publishAll(events);
      busyMs += performance.now() - started;
    }
    return rate(total, busyMs);
  } finally {
    redis.disconnect();
  }
}

/** events/s of pipelined plain XADDs (per slot on a cluster) on a Redis or cluster URL. */
export async function rawPublish(url: string, total: number): Promise<number> {
  const redis = await rawAnyClient(url);
  const streams = streamsOf(RAW_PUBLISH_NAMESPACE);
  try {
    let busyMs = 0;
    for (let sent = 0; sent < total; sent += BATCH) {
      const count = Math.min(BATCH, total - sent);
      const entries = sampleEvents(sent, count).map((event) => ({
        stream: streams[partitionOf(event.key, PARTITIONS)] as string,
        fields: encodeEvent(event),
      }));
      const started = performance.now();
      await xaddAll(redis, entries);
      busyMs += performance.now() - started;
    }
    return rate(total, busyMs);
  } finally {
    redis.disconnect();
  }
}
