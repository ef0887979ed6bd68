// The publishing side of the hop and memory scenarios, for the project and for the raw
// baseline: a burst of `count` events as fast as possible, or events at a fixed rate with
// ts_init set at the publish call (the consumer child measures latency from it). `url` may be
// a `redis+cluster://` URL (the cluster scenario): the raw side then pipelines per slot.
import { encodeEvent, nowNs, partitionOf } from '@tickflow/events';
import { connectClient, createPublisher } from '@tickflow/streams';
import { BATCH, PARTITIONS } from '../options.ts';
import { type Paced, paced } from '../pacer.ts';
import { xaddAll } from '../raw-xadd.ts';
import { rawAnyClient, streamsOf } from '../redis.ts';
import { sampleEvent, sampleEvents, withTsInit } from '../sample.ts';

export interface PublishSide {
  /**
   * Builds `count` events and returns the burst that publishes them as fast as possible:
   * building (validating) events is not publishing, and is left out of the timed part on
   * both sides, as in the publish scenario.
   */
  prepareBurst(count: number): () => Promise<void>;
  /** Publishes at `ratePerS` for `seconds`. */
  paced(ratePerS: number, seconds: number): Promise<Paced>;
  close(): void;
}

export async function projectSide(url: string, namespace: string): Promise<PublishSide> {
  const redis = await connectClient({ url }, 'commands');
  const publisher = createPublisher(redis, { namespace, partitions: PARTITIONS });
  let next = 0;
  return {
    prepareBurst(count) {
      const events = sampleEvents(next, count);
      next += count;
      return async () => {
        for (let i = 0; i < count; i += BATCH) await publisher.publishAll(events.slice(i, i + BATCH));
      };
    },
    paced: (ratePerS, seconds) =>
      paced(ratePerS, seconds, (from, count) => {
        const calls: Promise<unknown>[] = [];
        // ts_init is taken right before each event's own publish call.
        for (let k = 0; k < count; k++) calls.push(publisher.publish(sampleEvent(from + k, nowNs())));
        return Promise.all(calls);
      }),
    close: () => redis.disconnect(),
  };
}

export async function rawSide(url: string, namespace: string): Promise<PublishSide> {
  const redis = await rawAnyClient(url);
  const streams = streamsOf(namespace);
  // Pre-encoded entries, cycled: the raw baseline does no envelope work at all.
  const pool = sampleEvents(0, BATCH).map((event) => ({
    stream: streams[partitionOf(event.key, PARTITIONS)] as string,
    fields: encodeEvent(event),
  }));
  const entry = (i: number) => pool[i % pool.length] as (typeof pool)[number];
  return {
    prepareBurst: (count) => async () => {
      for (let i = 0; i < count; i += BATCH) {
        await xaddAll(
          redis,
          Array.from({ length: Math.min(count, i + BATCH) - i }, (_, k) => entry(i + k)),
        );
      }
    },
    paced: (ratePerS, seconds) =>
      paced(ratePerS, seconds, (from, count) =>
        xaddAll(
          redis,
          Array.from({ length: count }, (_, k) => {
            const { stream, fields } = entry(from + k);
            return { stream, fields: withTsInit(fields, nowNs()) };
          }),
        ),
      ),
    close: () => redis.disconnect(),
  };
}
