// Evaluates PromQL the way Prometheus does, with no server: a generated rules file records the
// expressions, a generated test file feeds hand-made series and states the samples expected,
// and `promtool test rules` (found by the testkit: PROMTOOL, /usr/bin, PATH) checks them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool } from '@tickflow/testkit/metrics';
import { stringify } from 'yaml';
import type { InputSeries } from './observer-series.ts';

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}

/** What `expr` must answer at the evaluation time: these samples exactly, or none (`[]`). */
export interface Expectation {
  readonly expr: string;
  readonly samples: readonly { readonly labels: string; readonly value: number }[];
}

export interface RuleTest {
  readonly rules: readonly RecordingRule[];
  readonly series: readonly InputSeries[];
  readonly expect: readonly Expectation[];
}

export interface PromtoolOutcome {
  readonly status: number | null;
  readonly output: string;
}

// Series are a minute apart and the rules run every minute; 5m is inside the series' window
// and after several rule evaluations, so a recorded series has a fresh sample.
const EVAL_TIME = '5m';

/** `promtool test rules` on `test`, in a temporary folder removed afterwards. */
export function promtoolRuleTest(test: RuleTest): PromtoolOutcome {
  const dir = mkdtempSync(join(tmpdir(), 'tickflow-keda-query-'));
  try {
    writeFileSync(
      join(dir, 'rules.yml'),
      stringify({
        groups: [{ name: 'keda', rules: test.rules.map(({ record, expr }) => ({ record, expr })) }],
      }),
    );
    writeFileSync(
      join(dir, 'test.yml'),
      stringify({
        rule_files: ['rules.yml'],
        evaluation_interval: '1m',
        tests: [
          {
            interval: '1m',
            input_series: test.series.map(({ series, values }) => ({ series, values })),
            promql_expr_test: test.expect.map(({ expr, samples }) => ({
              expr,
              eval_time: EVAL_TIME,
              exp_samples: samples.map(({ labels, value }) => ({ labels, value })),
            })),
          },
        ],
      }),
    );
    const run = spawnSync(findTool('promtool'), ['test', 'rules', 'test.yml'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (run.error) throw run.error;
    return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
