// The backtest, end to end: the live pipeline on the Tardis quotes; its recorded market data
// replayed at max speed into a fresh namespace with signal-engine, order-router and
// fill-recorder started there; the backtest's orders and fills hash to the live run's digest
// and `tickflow diff` says identical. Then one strategy parameter changed and replayed again:
// the digests differ and `tickflow diff` names the first divergent signal.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { runBacktest } from '@tickflow/demo/backtest';
import { PARTITIONS, type RunningPipeline, startPipeline, waitDrained } from '@tickflow/demo/pipeline';
import { TARDIS_QUOTES } from '@tickflow/demo/settings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
let pipeline: RunningPipeline;

beforeAll(async () => {
  pipeline = await startPipeline({ INGEST_SOURCE: 'tardis-quotes', INGEST_PATH: TARDIS_QUOTES });
  const ingestExit = await pipeline.ingest.exited;
  if (ingestExit !== 0) throw new Error(`market-data-ingest exited with ${ingestExit}`);
  await waitDrained(pipeline, 180_000);
}, 240_000);

afterAll(async () => {
  await pipeline?.stop();
});

function tickflow(...args: string[]) {
  return spawnSync(
    process.execPath,
    ['tools/tickflow/src/main.ts', '--redis-url', pipeline.url, '--partitions', String(PARTITIONS), ...args],
    { cwd: root, encoding: 'utf8', timeout: 120_000, env: { PATH: process.env.PATH ?? '' } },
  );
}

describe('a backtest on the recorded market data', () => {
  it('gives the live run’s digest, and tickflow diff says identical', async () => {
    const source = { namespace: pipeline.namespace, partitions: PARTITIONS };
    const backtest = await runBacktest({ redis: pipeline.redis, url: pipeline.url, source });
    expect(backtest.errors).toEqual([]);
    expect(backtest.replayed).toBe(9_999);
    expect(backtest.sourceDigest.counts.fill).toBeGreaterThan(0);
    expect(backtest.digest.counts).toEqual(backtest.sourceDigest.counts);
    expect(backtest.digest.digest).toBe(backtest.sourceDigest.digest);

    const diff = tickflow('diff', pipeline.namespace, backtest.namespace);
    expect(diff.stderr).toBe('');
    expect(diff.status, diff.stdout).toBe(0);
    expect(diff.stdout).toMatch(/^identical: /);
  }, 240_000);

  it('with one strategy parameter changed, differs, and tickflow diff names the first divergent signal', async () => {
    const source = { namespace: pipeline.namespace, partitions: PARTITIONS };
    const backtest = await runBacktest({
      redis: pipeline.redis,
      url: pipeline.url,
      source,
      signalEnv: {
        SIGNAL_STRATEGIES: JSON.stringify([
          { strategy: 'sma-crossover', params: { fastPeriod: 12 } },
          { strategy: 'mean-reversion' },
        ]),
      },
    });
    expect(backtest.errors).toEqual([]);
    expect(backtest.digest.digest).not.toBe(backtest.sourceDigest.digest);

    const diff = tickflow('--json', 'diff', pipeline.namespace, backtest.namespace, '--types', 'signal');
    expect(diff.status, diff.stderr).toBe(1);
    const answer = JSON.parse(diff.stdout) as {
      identical: boolean;
      types: {
        type: string;
        identical: boolean;
        left?: { data: { strategy_id: string } };
        right?: { data: { strategy_id: string } };
      }[];
    };
    const signals = answer.types[0];
    expect(answer.identical).toBe(false);
    expect(signals?.identical).toBe(false);
    // The first divergence is an sma-crossover signal: mean-reversion did not change.
    expect([signals?.left?.data.strategy_id, signals?.right?.data.strategy_id]).toContain('sma-crossover');
    const text = tickflow('diff', pipeline.namespace, backtest.namespace, '--types', 'signal');
    expect(text.stdout).toMatch(/signal: first divergent at #\d+/);
  }, 240_000);
});
