// A service's routes through runService, as a process: declared before the server starts,
// 503 "starting" until setup() has returned (the probes answer meanwhile), then handled with
// what setup returned; the tokens come from the environment, and a service that requires
// them refuses to start without them.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { connect } from '@tickflow/streams';
import {
  type EphemeralRedis,
  killServices,
  type ServiceProcess,
  startEphemeralRedis,
  startServiceProcess,
  waitFor,
} from '@tickflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, OPERATOR_TOKEN, READ_TOKEN } from './support/http-app.ts';

let server: EphemeralRedis;
const services: ServiceProcess[] = [];
beforeAll(async () => {
  server = await startEphemeralRedis();
});
afterAll(async () => {
  await killServices(services);
  await server?.stop();
});

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

describe('runService with routes', () => {
  it('answers 503 "starting" until setup has returned, then with what setup returned', async () => {
    const service = startServiceProcess(
      fixture('gated-service.ts'),
      {
        REDIS_URL: server.url,
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        GREETING: 'hi',
        API_READ_TOKEN: READ_TOKEN,
        API_OPERATOR_TOKEN: OPERATOR_TOKEN,
      },
      join(import.meta.dirname, '..'),
    );
    services.push(service);
    const { port } = (await service.waitForLog('starting')) as { port: number };
    const get = async (path: string, headers: Record<string, string> = bearer(READ_TOKEN)) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
      return { status: response.status, body: await response.text() };
    };

    // Connected to Redis, but setup() waits for the gate: the route says so, the probes answer.
    await waitFor(async () => (await get('/readyz')).body === 'not ready: setup\n', {
      timeoutMs: 15_000,
      description: 'Redis connected, setup waiting',
    });
    const starting = await get('/greeting');
    expect(starting.status).toBe(503);
    expect(JSON.parse(starting.body)).toMatchObject({
      status: 503,
      detail: expect.stringMatching(/^starting/),
    });
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/greeting', {})).status).toBe(401);

    const redis = await connect({ url: server.url }, 'commands');
    await redis.set('gate', '1');
    redis.disconnect();
    const greeting = await waitFor(
      async () => {
        const answer = await get('/greeting');
        return answer.status === 200 && answer.body;
      },
      { timeoutMs: 15_000, description: 'the route to answer once setup has returned' },
    );
    expect(JSON.parse(greeting)).toEqual({ greeting: 'hi from setup', caller: 'read' });
    expect((await get('/readyz')).status).toBe(200);
    expect(service.output()).not.toContain(READ_TOKEN);
    expect(await service.stop(), service.output().slice(-2_000)).toBe(0);
  });

  it('listens while Redis is unreachable: the probes answer, the routes say "starting"', async () => {
    const service = startServiceProcess(
      fixture('gated-service.ts'),
      // Nothing listens on port 1: the kit retries the connection until it stops.
      { REDIS_URL: 'redis://127.0.0.1:1', HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      join(import.meta.dirname, '..'),
    );
    services.push(service);
    const { port } = (await service.waitForLog('starting')) as { port: number };
    await service.waitForLog('Redis unreachable; retrying');
    const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
    expect((await get('/healthz')).status).toBe(200);
    expect(await (await get('/readyz')).text()).toBe('not ready: redis, setup\n');
    const greeting = await get('/greeting');
    expect(greeting.status).toBe(503);
    expect(((await greeting.json()) as { detail: string }).detail).toMatch(/^starting/);
    expect(await service.stop()).toBe(0);
  });
});

describe('requireTokens', () => {
  it('refuses to start without both tokens, naming the missing one, and exits 2', async () => {
    const child = spawn(process.execPath, [fixture('guarded-service.ts')], {
      env: { PATH: process.env.PATH, REDIS_URL: server.url, API_READ_TOKEN: READ_TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('guarded-service: invalid configuration (1 problem)');
    expect(stderr).toContain('API_OPERATOR_TOKEN: missing: this service requires API tokens');
  });

  it('starts with both', async () => {
    const service = startServiceProcess(
      fixture('guarded-service.ts'),
      {
        REDIS_URL: server.url,
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        API_READ_TOKEN: READ_TOKEN,
        API_OPERATOR_TOKEN: OPERATOR_TOKEN,
      },
      join(import.meta.dirname, '..'),
    );
    services.push(service);
    await service.waitForLog('running');
    expect(await service.stop()).toBe(0);
  });
});
