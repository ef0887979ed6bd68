// One side through the plan: start it, wait until its consumers own every partition, then
// climb the rates until one is not kept up (or, when the first is not, step down until one
// is). The first rate's ticks give the latency.
import { waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { groupsReady } from './backlog.ts';
import type { PipelinePlan } from './plan.ts';
import type { PipelineSide } from './side.ts';
import { runStep, type StepFigures, waitDrained } from './step.ts';

export interface LadderFigures {
  readonly steps: readonly StepFigures[];
  /** Tick→fill latencies (ms) at the first rate. */
  readonly latenciesMs: readonly number[];
  /** The same, by stage, where the side can tell. */
  readonly stagesMs: Readonly<Record<string, readonly number[]>>;
}

/** How long a run that fell behind may take to finish before its latency is read anyway. */
const CATCH_UP_MS = 120_000;

export async function climb(
  redis: Redis,
  start: () => Promise<PipelineSide>,
  plan: PipelinePlan,
): Promise<LadderFigures> {
  const side = await start();
  let figures: LadderFigures;
  try {
    figures = await climbStarted(redis, side, plan);
  } catch (error) {
    await side.stop().catch(() => undefined);
    throw error;
  }
  await side.stop();
  return figures;
}

async function climbStarted(redis: Redis, side: PipelineSide, plan: PipelinePlan): Promise<LadderFigures> {
  await waitFor(() => groupsReady(redis, side.namespace, side.groups), {
    timeoutMs: 60_000,
    intervalMs: 100,
    description: `${side.name} pipeline's consumer groups on every partition`,
  });
  const steps: StepFigures[] = [];
  let latenciesMs: number[] = [];
  let stagesMs: Record<string, number[]> = {};
  const hold = async (ratePerS: number) => {
    const step = await runStep(redis, side, plan, ratePerS, steps.length);
    steps.push(step);
    return step;
  };
  for (const [i, ratePerS] of plan.rates.entries()) {
    const step = await hold(ratePerS);
    if (i === 0) {
      // Behind at the first rate: its latency is still read, once every fill is in.
      if (step.drainedAfterMs === undefined) await waitDrained(redis, side.namespace, CATCH_UP_MS);
      ({ tickToFillMs: latenciesMs, stagesMs } = await side.latencies(step.fromMs));
    }
    if (!step.keptUp) break;
  }
  // Not even the first rate: step down, so the figure says how far below it the side is.
  if (!steps.some((step) => step.keptUp)) {
    for (const ratePerS of plan.fallbackRates) {
      // What fell behind must be done first, or the next rate would inherit its backlog.
      await waitDrained(redis, side.namespace, CATCH_UP_MS);
      if ((await hold(ratePerS)).keptUp) break;
    }
  }
  return { steps, latenciesMs, stagesMs };
}
