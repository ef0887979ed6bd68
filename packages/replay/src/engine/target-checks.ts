// What must hold of a replay's target before anything is written: it is not the source
// namespace (a replay can never write to live streams), and, for a new run, its streams of
// the replayed types are empty. A resumed run instead reads how far each target stream got.
import { assertNamespace, type EventType, partitionKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { BadInputError, ConflictError } from '../errors.ts';

export function assertNotSource(source: string, target: string): void {
  try {
    assertNamespace(target);
  } catch (error) {
    throw new BadInputError('target', (error as Error).message);
  }
  if (target === source) {
    throw new ConflictError(
      `target: a replay can never write to its source namespace "${source}"; name another (default replay-<run id>)`,
    );
  }
}

interface TargetStreams {
  readonly namespace: string;
  readonly types: readonly EventType[];
  readonly partitions: readonly number[];
}

function streamsOf(target: TargetStreams): string[] {
  return target.types.flatMap((type) =>
    target.partitions.map((partition) => partitionKeys(target.namespace, type, partition).stream),
  );
}

/** Refuses a target whose streams of the replayed types already hold entries (a new run). */
export async function assertTargetEmpty(redis: RedisClient, target: TargetStreams): Promise<void> {
  const streams = streamsOf(target);
  const pipeline = redis.pipeline();
  for (const stream of streams) pipeline.xlen(stream);
  const replies = (await pipeline.exec()) ?? [];
  const held = streams
    .map((stream, index) => ({ stream, length: Number(replies[index]?.[1] ?? 0) }))
    .filter(({ length }) => length > 0);
  if (held.length > 0) {
    const first = held[0] as (typeof held)[number];
    throw new ConflictError(
      `target: namespace "${target.namespace}" already holds replayed history (${first.stream} has ${first.length} entries` +
        `${held.length > 1 ? `, and ${held.length - 1} more streams` : ''}); replay into a fresh namespace, or resume the run that wrote it`,
    );
  }
}

/** Each target stream's last entry id (streams without entries are left out): where a resumed run continues. */
export async function targetPositions(
  redis: RedisClient,
  target: TargetStreams,
): Promise<Map<string, string>> {
  const streams = streamsOf(target);
  const pipeline = redis.pipeline();
  for (const stream of streams) pipeline.xrevrange(stream, '+', '-', 'COUNT', 1);
  const replies = (await pipeline.exec()) ?? [];
  const positions = new Map<string, string>();
  streams.forEach((stream, index) => {
    const [error, reply] = replies[index] ?? [new Error('no reply')];
    if (error) throw error;
    const last = (reply as [string, string[]][])[0]?.[0];
    if (last !== undefined) positions.set(stream, last);
  });
  return positions;
}
