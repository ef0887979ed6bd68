// 6. tracing: what OpenTelemetry tracing costs. The hop and the pipeline, each with tracing
// off (no OTEL endpoint: no SDK loaded, the API a no-op — the code path of every other
// scenario), with a 1 % head sampler and with every trace sampled, the sampled modes
// exporting OTLP to a receiver in this process; and the tracing calls per event alone, in a
// loop (span-cost.ts), which is how the off path's cost is seen at all: it is far below the
// runs' spread. Each mode runs in processes of its own (start-tracing.ts says why). Targets,
// as ratios in the same run: off against raw as the hop and pipeline scenarios have them;
// 1 % within 5 % of off, 100 % within 25 % of off — for the throughput (the hop's burst, and
// for both the events handled per second of CPU, which a busy machine disturbs least) and
// the p99; the off path's calls under 2 % of the hop's CPU per event.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions } from '../options.ts';
import { startProjectSide } from '../pipeline/project-side.ts';
import { startRawSide } from '../pipeline/raw-side.ts';
import { rawClient } from '../redis.ts';
import type { ScenarioResult } from '../report.ts';
import type { HopRunConfig } from '../tracing/hop-run.ts';
import { TRACING_MODES, type TracingModeName } from '../tracing/modes.ts';
import { type PipelineModeFigures, runPipelineMode, tracingPipelinePlan } from '../tracing/pipeline-modes.ts';
import { runInChild } from '../tracing/run-child.ts';
import type { SpanCostConfig, SpanCostFigures } from '../tracing/span-cost.ts';
import { type ReceivedTotals, startSpanReceiver } from '../tracing/span-receiver.ts';
import { type ModeRun, tracingReport } from '../tracing/tracing-report.ts';
import type { HopFigures } from './hop.ts';

const HOP_RUN = join(import.meta.dirname, '../tracing/hop-run.ts');
const SPAN_COST = join(import.meta.dirname, '../tracing/span-cost.ts');
const CHILD_TIMEOUT_MS = 300_000;

export async function tracingScenario(url: string, options: BenchOptions): Promise<ScenarioResult> {
  const receiver = await startSpanReceiver();
  const redis = await rawClient(url);
  const loadAtStart = loadavg()[0] ?? 0;
  // Every run starts on an empty Redis: same ids would be dropped as repeats, and streams
  // left over from the previous run would weigh on this one.
  const fresh = async () => {
    await redis.flushall();
    receiver.reset();
  };
  const inEveryMode = async <F>(run: (otel: Record<string, string>) => Promise<F>) => {
    const runs: ModeRun<F>[] = [];
    for (const mode of TRACING_MODES) {
      await fresh();
      const figures = await run(mode.env(receiver.url));
      runs.push({ mode: mode.name, figures, received: receiver.totals() });
    }
    return runs;
  };
  try {
    const spanCosts = await inEveryMode((otel) =>
      runInChild<SpanCostFigures>(
        SPAN_COST,
        { url, otel, seconds: options.spanCostSeconds } satisfies SpanCostConfig,
        CHILD_TIMEOUT_MS,
      ),
    );
    const hopRun = (side: HopRunConfig['side'], otel: Record<string, string>) =>
      runInChild<HopFigures>(HOP_RUN, { url, options, side, otel } satisfies HopRunConfig, CHILD_TIMEOUT_MS);
    await fresh();
    const rawHop = await hopRun('raw', {});
    const hops = await inEveryMode((otel) => hopRun('project', otel));

    const plan = tracingPipelinePlan(options.quick);
    await fresh();
    const rawPipeline = await runPipelineMode(redis, () => startRawSide(url, redis), plan);
    const pipelines = await inEveryMode((otel) =>
      runPipelineMode(redis, () => startProjectSide(url, redis, otel), plan),
    );
    checkExported(hops, 'hop');
    checkExported(pipelines, 'pipeline');
    return tracingReport({
      spanCosts,
      rawHop,
      hops,
      rawPipeline,
      pipelines,
      plan,
      load: [loadAtStart, loadavg()[0] ?? 0],
    });
  } finally {
    redis.disconnect();
    await receiver.close();
  }
}

/** A sampled run that exported nothing (or had exports refused) measured nothing: a failure of the bench. */
function checkExported(runs: readonly ModeRun<HopFigures | PipelineModeFigures>[], what: string): void {
  const problem = (name: TracingModeName, received: ReceivedTotals) =>
    received.refused > 0
      ? `${received.refused} export(s) refused: ${received.firstRefusals.join('; ')}`
      : name === '100 %' && received.spans === 0
        ? 'no span received'
        : name === 'off' && received.spans > 0
          ? `${received.spans} spans received with tracing off`
          : undefined;
  for (const run of runs) {
    const found = problem(run.mode, run.received);
    if (found !== undefined) throw new Error(`tracing ${what}, ${run.mode}: ${found}`);
  }
}
