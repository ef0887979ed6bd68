import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createEvent, partitionKeys } from '@tickflow/events';
import { connect, createPublisher } from '@tickflow/streams';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type RunningService, runService } from '../src/index.ts';

let server: EphemeralRedis;
beforeAll(async () => {
  server = await startEphemeralRedis();
});
afterAll(async () => {
  await server?.stop();
});

const quote = (symbol: string, n: number) =>
  createEvent({
    type: 'market_data',
    ts_event: BigInt(n),
    data: {
      kind: 'quote',
      symbol,
      venue: 'test',
      bid_price: '1',
      bid_size: '1',
      ask_price: '2',
      ask_size: '1',
    },
  });

async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, body: await response.text() };
}

describe('runService', () => {
  it('serves health, readiness and metrics, runs its consumers, and stops cleanly', async () => {
    const handled: string[] = [];
    const exits: number[] = [];
    const running = (await runService(
      {
        name: 'kit-test',
        config: z.object({}),
        setup(service) {
          service.createConsumer({ group: 'kit' }).on('market_data', (event) => void handled.push(event.key));
        },
      },
      {
        env: {
          REDIS_URL: server.url,
          HTTP_PORT: '0',
          HTTP_HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
          TICKFLOW_NAMESPACE: 'kit',
        },
        exit: (code) => exits.push(code),
        handleSignals: false,
      },
    )) as RunningService;
    try {
      expect((await get(running.port, '/healthz')).status).toBe(200);
      await waitFor(async () => (await get(running.port, '/readyz')).status === 200, {
        timeoutMs: 15_000,
        description: '/readyz turns 200',
      });
      const redis = await connect({ url: server.url }, 'commands');
      await createPublisher(redis, { namespace: 'kit', partitions: 8 }).publishAll([
        quote('AAA', 1),
        quote('BBB', 2),
      ]);
      redis.disconnect();
      await waitFor(() => handled.length === 2, { timeoutMs: 15_000, description: 'both events handled' });

      // Handlers run before the batch is acked: wait for the acks to show.
      const ackedTotal = (text: string) =>
        [...text.matchAll(/^tickflow_events_acked_total\{.*group="kit".*\} (\d+)$/gm)].reduce(
          (sum, match) => sum + Number(match[1]),
          0,
        );
      const metrics = await waitFor(
        async () => {
          const text = (await get(running.port, '/metrics')).body;
          return ackedTotal(text) === 2 && text;
        },
        { timeoutMs: 15_000, description: '/metrics shows both events acked' },
      );
      expect(metrics).toContain('tickflow_partition_owned');
      expect(metrics).toContain('nodejs_heap_size_used_bytes');
      expect((await get(running.port, '/nope')).status).toBe(404);
    } finally {
      expect(await running.stop()).toBe(0);
    }
    expect(exits).toEqual([]);
    await expect(get(running.port, '/healthz')).rejects.toThrow();
  });

  it('reports every bad variable and exits non-zero', async () => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'fixtures/echo-service.ts')], {
      env: { PATH: process.env.PATH, HTTP_PORT: 'x', LOG_LEVEL: 'loud' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('echo-service: invalid configuration (3 problems)');
    expect(stderr).toContain('REDIS_URL: missing');
    expect(stderr).toContain('HTTP_PORT: expected an integer from 0 to 65535');
    expect(stderr).toContain('LOG_LEVEL:');
  });

  it('stops on SIGTERM within the grace period, acks what it handled, and exits 0', async () => {
    const redis = await connect({ url: server.url }, 'commands');
    await createPublisher(redis, { namespace: 'sig', partitions: 2 }).publishAll(
      Array.from({ length: 100 }, (_, n) => quote(`S${n % 5}`, n)),
    );
    const child = spawn(process.execPath, [join(import.meta.dirname, 'fixtures/echo-service.ts')], {
      env: {
        PATH: process.env.PATH,
        REDIS_URL: server.url,
        HTTP_PORT: '0',
        TICKFLOW_NAMESPACE: 'sig',
        TICKFLOW_PARTITIONS: '2',
        SHUTDOWN_GRACE_MS: '5000',
        LOG_LEVEL: 'info',
        LOG_PRETTY: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await waitFor(
        async () => {
          const counts = await Promise.all(
            [0, 1].map((p) => redis.hget(partitionKeys('sig', 'market_data', p).checkpoint('echo'), 'state')),
          );
          const total = counts.reduce(
            (sum, state) =>
              sum +
              Object.values(JSON.parse(state ?? '{}') as Record<string, number>).reduce((a, b) => a + b, 0),
            0,
          );
          return total === 100;
        },
        { timeoutMs: 20_000, description: 'all 100 events counted in checkpointed state' },
      );
      const sent = Date.now();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(Date.now() - sent).toBeLessThan(6_000);
      expect(stdout).toContain('"msg":"stopped"');
      for (const p of [0, 1]) {
        const keys = partitionKeys('sig', 'market_data', p);
        expect(await redis.exists(keys.lease('echo'))).toBe(0);
        expect((await redis.xpending(keys.stream, 'echo'))[0]).toBe(0);
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      redis.disconnect();
    }
  });
});
