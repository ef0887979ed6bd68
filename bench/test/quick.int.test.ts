// The bench's smoke run, as CI runs it: `node src/main.ts --quick` must exit 0 and print one
// parseable JSON line per scenario with positive figures. No timing thresholds: timings are
// noisy, and this test must never be flaky.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

interface Line {
  scenario: string;
  mode: string;
  status: 'ok' | 'skipped';
  metrics: { name: string; project: number; raw?: number; target?: string }[];
  notes?: string[];
}

it('runs every scenario in quick mode and prints one JSON line each', () => {
  const run = spawnSync(process.execPath, [join(import.meta.dirname, '../src/main.ts'), '--quick'], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  expect(run.status, run.stderr).toBe(0);

  const lines = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{"scenario"'))
    .map((line) => JSON.parse(line) as Line);
  expect(lines.map((line) => line.scenario)).toEqual(['publish', 'hop', 'pipeline', 'replay', 'memory']);
  for (const line of lines) {
    expect(line.mode).toBe('quick');
    expect(line.status).toBe('ok');
    expect(line.metrics.length).toBeGreaterThan(0);
    for (const metric of line.metrics) {
      const label = `${line.scenario} ${metric.name}`;
      for (const value of metric.raw === undefined ? [metric.project] : [metric.project, metric.raw]) {
        // The pipeline's sustained rate is the highest rate kept up: on a busy machine none
        // may be, and 0 is then the right answer, not a failure of the bench.
        if (metric.name.startsWith('highest sustained')) expect(value, label).toBeGreaterThanOrEqual(0);
        else expect(value, label).toBeGreaterThan(0);
      }
    }
  }
  // Targets are ratios to raw in the same run wherever there is a raw figure; only memory
  // keeps an absolute budget.
  const targets = lines.flatMap((line) =>
    line.metrics.flatMap((metric) =>
      metric.target === undefined ? [] : [`${line.scenario} ${metric.name}: ${metric.target}`],
    ),
  );
  expect(targets.filter((target) => !/× raw$/.test(target) && !target.startsWith('memory '))).toEqual([]);
  expect(targets).toEqual(
    expect.arrayContaining([
      'hop sustained: ≥ 0.85× raw',
      'hop p99 at 10k/s: ≤ 1.5× raw',
      'pipeline tick→fill p99 at 5k/s: ≤ 2× raw',
    ]),
  );
  const pipeline = lines.find((line) => line.scenario === 'pipeline');
  // Both sides ran their rates through all four stages (a step each, kept up or not).
  expect(pipeline?.notes?.join('\n')).toMatch(/^project: \d+\/s /m);
  expect(pipeline?.notes?.join('\n')).toMatch(/^raw: \d+\/s /m);
  expect(pipeline?.notes?.join('\n')).toMatch(
    /^project stages at 5k\/s .*tick→signal p50 \d+\.\d p99 \d+\.\d ms over [1-9]\d*; signal→fill p50 /m,
  );
  expect(run.stdout).toMatch(/\| scenario \| metric/);
}, 240_000);
