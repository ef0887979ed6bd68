// Writes replayed entries into the target namespace as copies: the same fields under the
// same entry id, in the same-numbered partition stream. Because Redis refuses an entry id not
// above a stream's last one, a copy written twice is refused the second time, so a retried
// batch, a resumed run or a replay repeated into the same namespace appends nothing twice,
// without a dedupe script in the way (see docs/decisions/0017-replay-engine.md). A copy's
// trace context is its own: a new trace linked to the original's, or none when tracing is off
// (trace-links.ts), so consumers in the replay namespace never join the live traces.
import { encodeEvent, partitionKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import {
  isConnectionFailure,
  pause,
  RedisUnavailableError,
  retryDelayMs,
  type StoredEvent,
} from '@tickflow/streams';
import { createReplayTracing } from './trace-links.ts';

export interface WriteOutcome {
  readonly written: number;
  /** Entries the target already had (an earlier attempt or run wrote them). */
  readonly present: number;
}

export interface TargetWriter {
  /** Writes the batch in order; retries while Redis is unavailable, until `signal` aborts. */
  write(batch: readonly StoredEvent[], signal: AbortSignal): Promise<WriteOutcome>;
  /** The target stream a source entry is copied to. */
  streamOf(stored: StoredEvent): string;
}

const ALREADY_THERE = /equal or smaller than the target stream top item/;

export interface TargetWriterOptions {
  /**
   * How long one batch's pipeline may take before the connection is dropped (and the batch
   * retried once it is back): the deadline of a `bulk` connection, which has none per
   * command. Default 30,000 ms.
   */
  readonly batchTimeoutMs?: number;
  /** The run writing: its spans carry the id and both namespaces. */
  readonly runId: string;
  readonly sourceNamespace: string;
}

/** Writes over `redis`, best a `bulk` connection of its own (see connect()). */
export function createTargetWriter(
  redis: RedisClient,
  targetNamespace: string,
  options: TargetWriterOptions,
): TargetWriter {
  const batchTimeoutMs = options.batchTimeoutMs ?? 30_000;
  const tracing = createReplayTracing({
    runId: options.runId,
    sourceNamespace: options.sourceNamespace,
    targetNamespace,
  });
  const streams = new Map<string, string>();
  const streamOf = (stored: StoredEvent): string => {
    let stream = streams.get(stored.stream);
    if (stream === undefined) {
      stream = partitionKeys(targetNamespace, stored.event.type, stored.partition).stream;
      streams.set(stored.stream, stream);
    }
    return stream;
  };

  const writeOnce = async (batch: readonly StoredEvent[]): Promise<WriteOutcome> => {
    const pipeline = redis.pipeline();
    const traced = tracing.startBatch();
    try {
      for (const stored of batch) {
        const stream = streamOf(stored);
        const fields = traced.fieldsOf(stored.fields ?? encodeEvent(stored.event), stored, stream);
        pipeline.xadd(stream, stored.entryId, ...fields);
      }
      const replies = await withDeadline(pipeline.exec(), batchTimeoutMs, () => redis.disconnect(true));
      let written = 0;
      let present = 0;
      for (let index = 0; index < batch.length; index++) {
        const [error] = replies?.[index] ?? [
          new RedisUnavailableError('connection closed before XADD replied'),
        ];
        if (!error) {
          written++;
          traced.settle(index, 'written');
        } else if (ALREADY_THERE.test(error.message)) {
          present++;
          traced.settle(index, 'present');
        } else throw error;
      }
      return { written, present };
    } catch (error) {
      traced.fail(error);
      throw error;
    }
  };

  return {
    streamOf,
    async write(batch, signal) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await writeOnce(batch);
        } catch (error) {
          if (!isConnectionFailure(error) || signal.aborted) throw error;
          await pause(retryDelayMs(attempt, 100, 5_000), signal);
        }
      }
    },
  };
}

/**
 * `work`, or when it has not settled within `ms`, `onLate` (which makes it fail: a dropped
 * connection fails its commands) and a RedisUnavailableError.
 */
async function withDeadline<T>(work: Promise<T>, ms: number, onLate: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onLate();
      reject(new RedisUnavailableError(`a replay write got no reply within ${ms} ms: reconnecting`));
    }, ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
  }
}
