// Publishing events to their partition streams. Each publish is one script call that
// appends the entry unless the event id was appended within the dedupe window, and trims
// the stream per its retention. Concurrent publishes share round trips: the `commands`
// connection auto-pipelines every call made in the same tick.
import { type AnyEvent, encodeEvent, partitionKeys, partitionOf } from '@tickflow/events';
import type { Redis } from 'ioredis';
import { toStreamsError } from './errors.ts';
import { type PublisherOptions, type Retention, resolvePublisherOptions } from './options.ts';
import { withScripts } from './scripts.ts';

export interface PublishResult {
  readonly stream: string;
  readonly entryId: string;
  /** True when this event id was already in the stream (within the dedupe window): nothing was appended. */
  readonly duplicate: boolean;
}

export interface Publisher {
  /** Appends the event to its partition stream; resolves once Redis has it. */
  publish(event: AnyEvent): Promise<PublishResult>;
  /** Appends events in order (per partition) with as few round trips as the connection allows. */
  publishBatch(events: readonly AnyEvent[]): Promise<PublishResult[]>;
  /** The stream an event goes to. */
  streamOf(event: AnyEvent): string;
}

/** A publisher over a `commands` connection (see connect()). */
export function createPublisher(redis: Redis, options: PublisherOptions): Publisher {
  const config = resolvePublisherOptions(options);
  const scripted = withScripts(redis);

  const keysOf = (event: AnyEvent) =>
    partitionKeys(config.namespace, event.type, partitionOf(event.key, config.partitions));

  async function publish(event: AnyEvent): Promise<PublishResult> {
    const keys = keysOf(event);
    const [strategy, threshold] = trimArgs(config.retention[event.type]);
    try {
      const [appended, entryId] = await scripted.tfPublish(
        keys.stream,
        keys.published(event.id),
        config.dedupeWindowMs,
        strategy,
        threshold,
        ...encodeEvent(event),
      );
      if (appended === 1) config.metrics.published(keys.stream, 1);
      return { stream: keys.stream, entryId, duplicate: appended === 0 };
    } catch (error) {
      throw toStreamsError(error, `publish ${event.type} ${event.id} to ${keys.stream}`);
    }
  }

  return {
    publish,
    // Calls issued in one tick go out in one pipeline, in call order, so per-partition
    // order is the order of `events`.
    publishBatch: (events) => Promise.all(events.map(publish)),
    streamOf: (event) => keysOf(event).stream,
  };
}

function trimArgs(retention: Retention): [strategy: string, threshold: string] {
  if (retention === 'unbounded') return ['', '0'];
  if ('maxLength' in retention) return ['MAXLEN', String(retention.maxLength)];
  return ['MINID', `${Date.now() - retention.maxAgeMs}-0`];
}
