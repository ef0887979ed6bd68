// Crashes and stops mid-file never lose or duplicate an event: after SIGKILL a restart
// resumes from the checkpoint (and the publisher drops the batch that was published but not
// yet checkpointed); SIGTERM writes what was read, checkpoints it, and exits 0.
import { fileURLToPath } from 'node:url';
import { ingestKeys } from '@tickflow/events';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordEventId } from '../src/index.ts';
import { fileSourceId } from '../src/pipeline/source-id.ts';
import { killAll, startIngest } from './support/ingest-process.ts';
import { checkpointOf, readMarketData, streamLengths } from './support/redis-inspect.ts';

const QUOTES = fileURLToPath(
  new URL('../../../data/tardis/tardis_binance-futures_BTCUSDT_quotes_2020-02-22.csv', import.meta.url),
);
const PARTITIONS = 4;
/** The file spans 226 s of event time: about 5.6 s at this speed, so a stop lands mid-file. */
const SLOW = { INGEST_PACING: 'realtime', INGEST_SPEED: '40' };

let server: EphemeralRedis;
let redis: Redis;
let sourceId: string;

beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = new Redis(server.url);
  sourceId = await fileSourceId(QUOTES);
});
afterEach(killAll);
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

function ingest(namespace: string, env: Readonly<Record<string, string>> = {}) {
  return startIngest({
    REDIS_URL: server.url,
    TICKFLOW_NAMESPACE: namespace,
    TICKFLOW_PARTITIONS: String(PARTITIONS),
    INGEST_SOURCE: 'tardis-quotes',
    INGEST_PATH: QUOTES,
    ...env,
  });
}

/** The ids of file lines 2..last. */
function idsUpTo(last: number): string[] {
  return Array.from({ length: last - 1 }, (_, i) => recordEventId(sourceId, i + 2));
}

async function checkpointReaches(namespace: string, line: number): Promise<void> {
  await waitFor(async () => ((await checkpointOf(redis, namespace, sourceId)) ?? 0) >= line, {
    timeoutMs: 30_000,
    description: `the checkpoint to pass line ${line}`,
  });
}

describe('crash and stop mid-file', () => {
  it('given the service SIGKILLed mid-file, when it is restarted, then the streams hold exactly the 9,999 events, each id once', async () => {
    const first = ingest('crash', SLOW);
    await checkpointReaches('crash', 2_000);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const reached = (await checkpointOf(redis, 'crash', sourceId)) ?? 0;
    expect(reached).toBeLessThan(10_000);

    const second = ingest('crash');
    expect(await second.exitCode()).toBe(0);

    const ids = (await readMarketData(redis, 'crash', PARTITIONS)).map((entry) => entry.event.id);
    expect(ids).toHaveLength(9_999);
    expect(new Set(ids).size).toBe(9_999);
    expect(ids).toEqual(idsUpTo(10_000));
    expect(second.output()).toContain(`"startAfter":${reached}`);
  });

  it('given a run whose events were published but whose checkpoint was lost (a crash between the two), when the input is ingested again, then the publisher drops every event as a duplicate', async () => {
    const synthetic = {
      INGEST_SOURCE: 'synthetic',
      INGEST_SOURCE_ID: 'synthetic-lost-checkpoint',
      INGEST_SYMBOLS: 'AAA,BBB,CCC,DDD',
      INGEST_COUNT: '2000',
      INGEST_PATH: '',
    };
    expect(await ingest('lost-checkpoint', synthetic).exitCode()).toBe(0);
    const lengths = await streamLengths(redis, 'lost-checkpoint', PARTITIONS);
    expect(lengths.reduce((sum, length) => sum + length, 0)).toBe(2_000);
    await redis.del(ingestKeys('lost-checkpoint').progress('synthetic-lost-checkpoint'));

    const again = ingest('lost-checkpoint', synthetic);
    expect(await again.exitCode()).toBe(0);
    expect(await streamLengths(redis, 'lost-checkpoint', PARTITIONS)).toEqual(lengths);
    expect(again.output()).toContain('"published":0,"duplicates":2000');
    expect(await checkpointOf(redis, 'lost-checkpoint', 'synthetic-lost-checkpoint')).toBe(2_000);
  });

  it('given SIGTERM mid-file, then the service exits 0 and its checkpoint is the last line published: the streams hold exactly lines 2..checkpoint', async () => {
    const run = ingest('sigterm', SLOW);
    await checkpointReaches('sigterm', 1_000);
    run.child.kill('SIGTERM');
    expect(await run.exitCode()).toBe(0);

    const checkpoint = (await checkpointOf(redis, 'sigterm', sourceId)) ?? 0;
    expect(checkpoint).toBeLessThan(10_000);
    const ids = (await readMarketData(redis, 'sigterm', PARTITIONS)).map((entry) => entry.event.id);
    expect(ids).toEqual(idsUpTo(checkpoint));
    expect(run.output()).toContain('"msg":"stopped"');
  });
});
