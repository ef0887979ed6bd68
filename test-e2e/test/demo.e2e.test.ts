// `npm run demo` is the first thing a user runs: run its program as a user would — the four
// services as processes on an embedded Redis over the real Tardis quotes — and check the
// summary it prints and that everything stopped cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

describe('the demo', () => {
  it('runs the whole pipeline on the real quotes and prints a trader’s summary', () => {
    const run = spawnSync(process.execPath, ['tools/demo/src/main.ts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 240_000,
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(run.stderr).toBe('');
    expect(run.status, run.stdout).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/^events {6}market_data 9,999 · signal 581 · order [\d,]+ · fill [\d,]+$/m);
    expect(out).toContain('signals     sma-crossover: 280 (long 140 · short 140)');
    expect(out).toContain('signals     mean-reversion: 301 (flat 139 · long 95 · short 67)');
    const fills = Number(/^fills {7}([\d,]+)/m.exec(out)?.[1]?.replaceAll(',', ''));
    expect(fills).toBeGreaterThan(0);
    expect(out).toMatch(/^orders {6}[\d,]+ orders, final status: .*FILLED/m);
    expect(out).toMatch(/^positions {3}BTCUSDT -?[\d.]+/m);
    expect(out).toMatch(
      /^PnL \(USDT\) {2}realized -?[\d.]+ · unrealized -?[\d.]+ · commissions [\d.]+ · net -?[\d.]+/m,
    );
    expect(out).toMatch(/^strategies {2}net PnL mean-reversion -?[\d.]+ · sma-crossover -?[\d.]+$/m);
    expect(out).toMatch(/^latency {5}tick→fill, append to append: p50 \d+ ms · p99 \d+ ms/m);
    expect(out).toMatch(
      /^backtest {4}replayed 9,999 events in [\d.]+ s into demo-backtest \(all handled in [\d.]+ s\); orders and fills digest [0-9a-f]{12} equal to live$/m,
    );
    expect(out).toMatch(
      /^monitor {5}http:\/\/127\.0\.0\.1:\d+\/ {2}\(read token read-[0-9a-f]{24}, operator token operator-[0-9a-f]{24}\)$/m,
    );
    expect(out).toContain('all services stopped cleanly');
    expect(out).not.toContain('errors logged');
  });
});

describe('the demo on REDIS_URL', () => {
  it('uses a fresh namespace on the given Redis and leaves other keys alone', async () => {
    const server = await startEphemeralRedis();
    const redis = new Redis(server.url);
    try {
      await redis.set('someone-else:key', 'untouched');
      const run = spawn(process.execPath, ['tools/demo/src/main.ts'], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', REDIS_URL: server.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      run.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      run.stderr.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      const code = await new Promise<number | null>((done) => run.once('exit', (exit) => done(exit)));
      expect(code, out).toBe(0);
      const namespace = /^Tickflow demo — Redis at \S+, namespace (demo-[0-9a-f]{6})$/m.exec(out)?.[1];
      expect(namespace, out).toBeDefined();
      expect(out).toMatch(/^events {6}market_data 9,999 · signal 581 /m);
      expect(await redis.get('someone-else:key')).toBe('untouched');
      const keys = await redis.keys('tf:*');
      expect(keys.length).toBeGreaterThan(0);
      // The demo's namespace and its backtest's, nothing else.
      const backtest = `${namespace}-backtest`;
      expect(out).toContain(`into ${backtest} (all handled`);
      const ours = (key: string) =>
        [namespace, backtest].some((ns) => key.startsWith(`tf:{${ns}:`) || key.startsWith(`tf:{${ns}}`));
      expect(keys.filter((key) => !ours(key))).toEqual([]);
    } finally {
      redis.disconnect();
      await server.stop();
    }
  }, 240_000);
});

describe('the demo with --follow', () => {
  it('runs on the synthetic feed until Ctrl-C, then drains, summarises and stops cleanly', async () => {
    const demo = spawn(process.execPath, ['tools/demo/src/main.ts', '--follow'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    demo.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    demo.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const exited = new Promise<number | null>((done) => demo.once('exit', (code) => done(code)));
    try {
      // A status line that shows fills recorded: the four services are at work.
      await waitFor(() => /recorded fills [1-9]/.test(out), {
        timeoutMs: 120_000,
        description: `a status line with recorded fills, got:\n${out}${err}`,
      });
      demo.kill('SIGINT');
      expect(await exited, out + err).toBe(0);
    } finally {
      if (demo.exitCode === null) demo.kill('SIGKILL');
    }
    expect(err).toBe('');
    expect(out).toContain('SIGINT: stopping the services...');
    expect(out).toMatch(/^signals {5}sma-crossover: [\d,]+/m);
    const stored = Number(/^events .* fill ([\d,]+)$/m.exec(out)?.[1]?.replaceAll(',', ''));
    const fills = Number(/^fills {7}([\d,]+)/m.exec(out)?.[1]?.replaceAll(',', ''));
    expect(fills).toBeGreaterThan(0);
    expect(fills).toBe(stored);
    expect(out).toMatch(/^latency {5}tick→fill, append to append: p50 \d+ ms · p99 \d+ ms \(ticks paced/m);
    expect(out).toContain('all services stopped cleanly');
  }, 240_000);
});
