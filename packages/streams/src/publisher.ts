// Publishing events to their partition streams with publish.lua, which appends entries
// unless their event ids were appended within the dedupe window, and trims the stream per
// its retention. Publishes made in the same tick share script calls and a round trip.
import type { Span } from '@opentelemetry/api';
import { type AnyEvent, encodeEvent, type PartitionKeys, partitionKeys, partitionOf } from '@tickflow/events';
import type { RedisClient } from './cluster-redis-client.ts';
import { reportCommandError, streamLabels } from './metrics.ts';
import { type PublisherOptions, type Retention, resolvePublisherOptions } from './options.ts';
import { pipelineReply } from './pipeline-reply.ts';
import { toStreamsError } from './redis-errors.ts';
import { type ScriptCommands, type ScriptPipeline, scriptPipeline, withScripts } from './scripts.ts';
import { endSend, failSend, type PublishItem, startPublishSpans } from './tracing/publish-spans.ts';

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
   * events), so a batch costs a few round trips. Calls of publish and publishAll reach
   * each partition in the order they were made.
   */
  publishAll(events: readonly AnyEvent[]): Promise<PublishResult[]>;
  /** The stream an event goes to. */
  streamOf(event: AnyEvent): string;
}

/** A publisher over a `commands` connection (see connect()). */
export function createPublisher(redis: RedisClient, options: PublisherOptions): Publisher {
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

  // Publishes wait here until the end of the current tick (a microtask), then go out in call
  // order: each stream's events in script calls of up to BATCH_CHUNK, in explicit pipelines
  // written at once. Not ioredis' auto-pipelining, which keeps one pipeline in flight per
  // connection and holds the next tick's commands until it returns: a publish would wait for
  // an earlier one's round trip before it is even sent.
  let queued: Queued[] = [];

  async function publish(event: AnyEvent): Promise<PublishResult> {
    return (await publishAll([event]))[0] as PublishResult;
  }

  /** Each partition's events in order, after everything published before this call. */
  function publishAll(events: readonly AnyEvent[]): Promise<PublishResult[]> {
    if (events.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        results: new Array(events.length),
        left: events.length,
        resolve,
        reject,
        span: undefined,
      };
      const before = queued.length;
      try {
        for (let index = 0; index < events.length; index++) {
          const event = events[index] as AnyEvent;
          queued.push({ event, keys: keysOf(event), waiter, index });
        }
      } catch (error) {
        queued.length = before;
        reject(error);
        return;
      }
      // Spans start now, in the caller's context; the events get their context before encoding.
      waiter.span = startPublishSpans(queued, before);
      // One event waits for the end of the tick, to share the trip with the tick's others; a
      // batch goes now, so that its first chunks reach Redis while the rest is encoded.
      if (events.length > 1) flush();
      else if (before === 0) queueMicrotask(flush);
    });
  }

  function flush(): void {
    if (queued.length === 0) return;
    const taken = queued;
    queued = [];
    const byStream = new Map<string, Queued[]>();
    for (const item of taken) {
      const group = byStream.get(item.keys.stream);
      if (group === undefined) byStream.set(item.keys.stream, [item]);
      else group.push(item);
    }
    let pipeline = scriptPipeline(scripted);
    let calls: Queued[][] = [];
    let events = 0;
    for (const group of byStream.values()) {
      for (let start = 0; start < group.length; start += BATCH_CHUNK) {
        const call =
          start === 0 && group.length <= BATCH_CHUNK ? group : group.slice(start, start + BATCH_CHUNK);
        try {
          pipeline.tfPublish(...scriptArgs(call));
        } catch (error) {
          // Nothing of this call was sent; the other calls (other callers' too) still go.
          fail(call, error);
          continue;
        }
        calls.push(call);
        events += call.length;
        if (events >= SEND_AFTER) {
          send(pipeline, calls);
          pipeline = scriptPipeline(scripted);
          calls = [];
          events = 0;
        }
      }
    }
    if (calls.length > 0) send(pipeline, calls);
  }

  function send(pipeline: ScriptPipeline, calls: readonly Queued[][]): void {
    pipeline.exec().then(
      (replies) => {
        for (const [position, call] of calls.entries()) {
          const [error, reply] = pipelineReply(replies, position);
          if (error) {
            reportCommandError(config.metrics, 'commands', error);
            fail(call, error);
          } else settle(call, reply as (number | string)[]);
        }
      },
      (error: unknown) => {
        for (const call of calls) {
          reportCommandError(config.metrics, 'commands', error);
          fail(call, error);
        }
      },
    );
  }

  function fail(call: readonly Queued[], error: unknown): void {
    const first = call[0] as Queued;
    const what =
      call.length === 1
        ? `publish ${first.event.type} ${first.event.id} to ${first.keys.stream}`
        : `publish ${call.length} events to ${first.keys.stream}`;
    const failure = toStreamsError(error, what);
    for (const { waiter } of call) {
      if (waiter.left < 0) continue;
      waiter.left = -1;
      waiter.reject(failure);
      if (waiter.span !== undefined) failSend(waiter.span, failure);
    }
  }

  /** publish.lua's keys and arguments for queued events of one partition stream, in order. */
  function scriptArgs(call: readonly Queued[]): Parameters<ScriptCommands['tfPublish']> {
    const { keys, event: first } = call[0] as Queued;
    const [strategy, threshold] = trimArgs(config.retention[first.type]);
    const args: Parameters<ScriptCommands['tfPublish']> = [
      keys.stream,
      keys.publishedMarkers,
      config.dedupeWindowMs,
      strategy,
      threshold,
      call.length,
    ];
    for (const { event } of call) args.push(event.id);
    // Each event's values; its field names only where they differ from the event before's
    // (publish.lua's layouts): in a batch they nearly never do.
    let layout: readonly string[] | undefined;
    for (const { event } of call) {
      const fields = encodeEvent(event);
      if (layout !== undefined && sameNames(layout, fields)) args.push(0);
      else {
        args.push(fields.length / 2);
        for (let i = 0; i < fields.length; i += 2) args.push(fields[i] as string);
        layout = fields;
      }
      for (let i = 1; i < fields.length; i += 2) args.push(fields[i] as string);
    }
    return args;
  }

  /** The script's reply (appended or not, entry id, per event) handed to each waiter. */
  function settle(call: readonly Queued[], reply: (number | string)[]): void {
    const stream = (call[0] as Queued).keys.stream;
    let appended = 0;
    for (let position = 0; position < call.length; position++) {
      const { waiter, index } = call[position] as Queued;
      const duplicate = reply[position * 2] === 0;
      if (!duplicate) appended++;
      if (waiter.left < 0) continue;
      waiter.results[index] = { stream, entryId: String(reply[position * 2 + 1]), duplicate };
      if (--waiter.left === 0) {
        waiter.resolve(waiter.results);
        if (waiter.span !== undefined) endSend(waiter.span, waiter.results);
      }
    }
    if (appended > 0) config.metrics.published(streamLabels((call[0] as Queued).keys), appended);
  }

  return {
    publish,
    publishAll,
    streamOf: (event) => keysOf(event).stream,
  };
}

/** One publish or publishAll call waiting for its events' results; left < 0 once it failed. */
interface Waiter {
  readonly results: PublishResult[];
  left: number;
  readonly resolve: (results: PublishResult[]) => void;
  readonly reject: (error: unknown) => void;
  /** The call's send span, ended when it settles; undefined when tracing is off. */
  span: Span | undefined;
}

interface Queued extends PublishItem {
  /** Replaced once, by the same event carrying its publish span's trace context. */
  event: AnyEvent;
  readonly keys: PartitionKeys;
  readonly waiter: Waiter;
  /** The event's place in its call's results. */
  readonly index: number;
}

/** Symbols whose partition is remembered; the cache starts over past this (it only saves work). */
const SYMBOL_CACHE_SIZE = 100_000;

/** Events per script call: large enough to amortize the call, small enough to keep Redis responsive. */
const BATCH_CHUNK = 200;
/** A pipeline is sent once it holds this many events, so Redis starts while the rest is encoded. */
const SEND_AFTER = 100;

/** Whether two field/value lists have the same names in the same places. */
function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 2) if (a[i] !== b[i]) return false;
  return true;
}

function trimArgs(retention: Retention): [strategy: string, threshold: string] {
  if (retention === 'unbounded') return ['', '0'];
  if ('maxLength' in retention) return ['MAXLEN', String(retention.maxLength)];
  return ['MINID', `${Date.now() - retention.maxAgeMs}-0`];
}
