// Connections for the parent process: the project's `commands` connection, or a plain
// ioredis client for the raw baseline.
import { partitionKeys } from '@tickflow/events';
import { Redis } from 'ioredis';
import { PARTITIONS } from './options.ts';

export async function rawClient(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  await redis.connect();
  return redis;
}

/** The partition streams of market data in `namespace`. */
export function streamsOf(namespace: string): string[] {
  return Array.from({ length: PARTITIONS }, (_, p) => partitionKeys(namespace, 'market_data', p).stream);
}

/** Runs a pipeline and throws on the first failed command. */
export async function execOrThrow(pipeline: ReturnType<Redis['pipeline']>): Promise<void> {
  const results = await pipeline.exec();
  const failed = results?.find(([error]) => error !== null);
  if (failed?.[0]) throw failed[0];
}
