// Publishing events to their partition streams. Each publish is one script call (publish.lua)
// that appends the entries unless their event ids were appended within the dedupe window,
// and trims the stream per its retention. Concurrent publishes share round trips: the `commands`
// connection auto-pipelines every call made in the same tick.
import { type AnyEvent, encodeEvent, type PartitionKeys, partitionKeys, partitionOf } from '@tickflow/events';
import type { Redis } from 'ioredis';
import { toStreamsError } from './errors.ts';
import { type PublisherOptions, type Retention, resolvePublisherOptions } from './options.ts';
import { callNow, type ScriptCommands, withScripts } from './scripts.ts';

export interface PublishResult {
  readonly stream: string;
  readonly entryId: string;
  /** True when this event id was already in the stream (within the dedupe window): nothing was appended. */
  readonly duplicate: boolean;
}

export interface Publisher {
  /** Appends the event to its partition stream; resolves once Redis has it. */
  publish(event: AnyEvent): Promise<PublishResult>;
  /**
   * Appends events in order (per partition): one script call per partition (per 200
   * events), concurrent across partitions, so a batch costs a few round trips.
   */
  publishBatch(events: readonly AnyEvent[]): Promise<PublishResult[]>;
  /** The stream an event goes to. */
  streamOf(event: AnyEvent): string;
}

/** A publisher over a `commands` connection (see connect()). */
export function createPublisher(redis: Redis, options: PublisherOptions): Publisher {
  const config = resolvePublisherOptions(options);
  const scripted = withScripts(redis);

  // Both are computed once and reused: hashing a symbol (BigInt FNV + jump hash) and building
  // a partition's keys would otherwise run on every publish.
  const partitions = new Map<string, number>();
  const keysByPartition = new Map<string, PartitionKeys>();
  const keysOf = (event: AnyEvent): PartitionKeys => {
    let partition = partitions.get(event.key);
    if (partition === undefined) {
      if (partitions.size >= SYMBOL_CACHE_SIZE) partitions.clear();
      partition = partitionOf(event.key, config.partitions);
      partitions.set(event.key, partition);
    }
    const id = `${event.type}:${partition}`;
    let found = keysByPartition.get(id);
    if (found === undefined) {
      found = partitionKeys(config.namespace, event.type, partition);
      keysByPartition.set(id, found);
    }
    return found;
  };

  async function publish(event: AnyEvent): Promise<PublishResult> {
    const keys = keysOf(event);
    try {
      const reply = await scripted.tfPublish(...scriptArgs(keys, event.type, [event]));
      return settled(keys.stream, reply, 1)[0] as PublishResult;
    } catch (error) {
      throw toStreamsError(error, `publish ${event.type} ${event.id} to ${keys.stream}`);
    }
  }

  /** One script call per partition and chunk: events of a partition stay in their order. */
  async function publishBatch(events: readonly AnyEvent[]): Promise<PublishResult[]> {
    const results: PublishResult[] = new Array(events.length);
    const byStream = new Map<string, { type: AnyEvent['type']; indexes: number[]; keys: PartitionKeys }>();
    for (const [index, event] of events.entries()) {
      const keys = keysOf(event);
      const group = byStream.get(keys.stream) ?? { type: event.type, indexes: [], keys };
      group.indexes.push(index);
      byStream.set(keys.stream, group);
    }
    await Promise.all(
      [...byStream.values()].flatMap(({ type, indexes, keys }) =>
        chunks(indexes, BATCH_CHUNK).map(async (chunk) => {
          const chunkEvents = chunk.map((index) => events[index] as AnyEvent);
          let reply: (number | string)[];
          try {
            // Sent as soon as it is built: Redis appends this chunk while the next is encoded.
            reply = await callNow(scripted, 'tfPublish', ...scriptArgs(keys, type, chunkEvents));
          } catch (error) {
            throw toStreamsError(error, `publish ${chunk.length} events to ${keys.stream}`);
          }
          for (const [position, result] of settled(keys.stream, reply, chunk.length).entries()) {
            results[chunk[position] as number] = result;
          }
        }),
      ),
    );
    return results;
  }

  /** publish.lua's keys and arguments for events of one partition stream, in order. */
  function scriptArgs(
    keys: PartitionKeys,
    type: AnyEvent['type'],
    events: readonly AnyEvent[],
  ): Parameters<ScriptCommands['tfPublish']> {
    const [strategy, threshold] = trimArgs(config.retention[type]);
    const args: Parameters<ScriptCommands['tfPublish']> = [
      keys.stream,
      keys.publishedMarkers,
      config.dedupeWindowMs,
      strategy,
      threshold,
      events.length,
    ];
    for (const event of events) args.push(event.id);
    for (const event of events) {
      const fields = encodeEvent(event);
      args.push(fields.length, ...fields);
    }
    return args;
  }

  /** The script's reply as results, counting what was appended. */
  function settled(stream: string, reply: (number | string)[], count: number): PublishResult[] {
    const results: PublishResult[] = new Array(count);
    let appended = 0;
    for (let position = 0; position < count; position++) {
      const duplicate = reply[position * 2] === 0;
      if (!duplicate) appended++;
      results[position] = { stream, entryId: String(reply[position * 2 + 1]), duplicate };
    }
    if (appended > 0) config.metrics.published(stream, appended);
    return results;
  }

  return {
    publish,
    publishBatch,
    streamOf: (event) => keysOf(event).stream,
  };
}

/** Symbols whose partition is remembered; the cache starts over past this (it only saves work). */
const SYMBOL_CACHE_SIZE = 100_000;

/** Events per script call: large enough to amortize the call, small enough to keep Redis responsive. */
const BATCH_CHUNK = 200;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

function trimArgs(retention: Retention): [strategy: string, threshold: string] {
  if (retention === 'unbounded') return ['', '0'];
  if ('maxLength' in retention) return ['MAXLEN', String(retention.maxLength)];
  return ['MINID', `${Date.now() - retention.maxAgeMs}-0`];
}
