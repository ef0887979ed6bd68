// The raw baseline's consumer: per partition stream, one connection looping XREADGROUP
// COUNT 100 BLOCK 1000, calling the handler per entry, then one XACK per batch. No
// decoding, no validation, no leases, checkpoints, retries or dead letters. On a
// `redis+cluster://` URL each connection is a plain ioredis Cluster (its read goes to the
// stream's master).
import { isClusterUrl } from '@tickflow/streams';
import { type Cluster, Redis } from 'ioredis';
import { rawCluster } from './redis.ts';

export interface RawConsumer {
  /** Resolves once every stream's group exists. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

export function startRawConsumer(
  url: string,
  streams: readonly string[],
  group: string,
  handle: (fields: readonly string[], id: string) => void,
): RawConsumer {
  let stopping = false;
  const connections = streams.map(() =>
    isClusterUrl(url) ? rawCluster(url) : new Redis(url, { maxRetriesPerRequest: 0 }),
  );
  const ready = Promise.all(
    streams.map((stream, i) =>
      connections[i]?.xgroup('CREATE', stream, group, '0', 'MKSTREAM').catch((error: unknown) => {
        if (!/BUSYGROUP/.test(String(error))) throw error;
      }),
    ),
  ).then(() => undefined);

  async function loop(redis: Redis | Cluster, stream: string): Promise<void> {
    await ready;
    while (!stopping) {
      const reply = (await redis.xreadgroup(
        'GROUP',
        group,
        'raw-consumer',
        'COUNT',
        100,
        'BLOCK',
        1000,
        'STREAMS',
        stream,
        '>',
      )) as [string, [string, string[]][]][] | null;
      const entries = reply?.[0]?.[1] ?? [];
      if (entries.length === 0) continue;
      for (const [id, fields] of entries) handle(fields, id);
      await redis.xack(stream, group, ...entries.map(([id]) => id));
    }
  }

  const loops = streams.map((stream, i) =>
    loop(connections[i] as Redis | Cluster, stream).catch(() => undefined),
  );
  return {
    ready,
    async stop() {
      stopping = true;
      await Promise.all(loops);
      for (const redis of connections) redis.disconnect();
    },
  };
}
