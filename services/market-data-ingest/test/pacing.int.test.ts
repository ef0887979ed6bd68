// Pacing: realtime replays the input's own spacing (ts_event) divided by INGEST_SPEED;
// fast ignores it. Only lower bounds on time are asserted: a loaded machine is slower,
// never faster.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestInProcess } from './support/in-process.ts';
import { readMarketData } from './support/redis-inspect.ts';

const SECOND_NS = 1_000_000_000n;
const DAY_NS = 86_400n * SECOND_NS;
const START_NS = 1_582_329_601_000_000_000n;

let server: EphemeralRedis;
let redis: Redis;
let dir: string;

beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = new Redis(server.url);
  dir = await mkdtemp(join(tmpdir(), 'tickflow-pacing-'));
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** An NDJSON file of quotes at the given event times. */
async function quotesAt(name: string, times: readonly bigint[]): Promise<string> {
  const lines = times.map((ts, i) =>
    JSON.stringify({
      kind: 'quote',
      symbol: 'BTCUSDT',
      venue: 'test',
      bid_price: `${100 + i}`,
      bid_size: '1',
      ask_price: `${101 + i}`,
      ask_size: '1',
      ts_event: ts.toString(),
    }),
  );
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

function env(namespace: string, path: string, pacing: Record<string, string>): Record<string, string> {
  return {
    REDIS_URL: server.url,
    TICKFLOW_NAMESPACE: namespace,
    TICKFLOW_PARTITIONS: '2',
    INGEST_SOURCE: 'ndjson',
    INGEST_PATH: path,
    ...pacing,
  };
}

describe('pacing', () => {
  it('given five quotes one second apart, when replayed in real time at speed 4, then it takes at least the 4 s span / 4 = 1 s and publishes all five in order', async () => {
    const path = await quotesAt(
      'spaced.ndjson',
      [0n, 1n, 2n, 3n, 4n].map((s) => START_NS + s * SECOND_NS),
    );

    const run = await ingestInProcess(
      env('realtime', path, { INGEST_PACING: 'realtime', INGEST_SPEED: '4' }),
    );

    expect(run.outcome).toBe('finished');
    expect(run.elapsedMs).toBeGreaterThanOrEqual(1_000);
    const stored = await readMarketData(redis, 'realtime', 2);
    expect(stored.map((entry) => entry.event.ts_event)).toEqual(
      [0n, 1n, 2n, 3n, 4n].map((s) => START_NS + s * SECOND_NS),
    );
  });

  it('given quotes a day apart, when ingested fast, then the spacing is ignored: all are published and the source finishes', async () => {
    const times = [0n, 1n, 2n].map((d) => START_NS + d * DAY_NS);
    const path = await quotesAt('days-apart.ndjson', times);

    // Paced, this would take two days; the test's own timeout is the only bound needed.
    const run = await ingestInProcess(env('fast', path, {}));

    expect(run.outcome).toBe('finished');
    const stored = await readMarketData(redis, 'fast', 2);
    expect(stored.map((entry) => entry.event.ts_event)).toEqual(times);
  });
});
