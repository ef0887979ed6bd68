// The pipeline in one tracing mode: one rate held (the pipeline scenario's latency rate) on a
// freshly started side, through the pipeline scenario's own ladder code with a single rung.
// Besides whether it kept up and the tick→fill latency, what the side's processes spent on
// CPU from the feed's start until all was done: at a fixed rate on two shared cores, what
// tracing costs shows there first, where a ladder's rungs (5k, 10k, 20k) are too far apart to
// see a few per cent.
import type { Redis } from 'ioredis';
import { climb } from '../pipeline/ladder.ts';
import { LATENCY_RATE, type PipelinePlan } from '../pipeline/plan.ts';
import type { PipelineSide } from '../pipeline/side.ts';
import type { StepFigures } from '../pipeline/step.ts';

export interface PipelineModeFigures {
  readonly step: StepFigures;
  readonly ticks: number;
  readonly latenciesMs: readonly number[];
  /** CPU of the side's processes from the feed's start until drained, ms (undefined: not known). */
  readonly cpuMs: number | undefined;
}

export function tracingPipelinePlan(quick: boolean): PipelinePlan {
  return quick
    ? { rates: [LATENCY_RATE], fallbackRates: [], seconds: 2, drainMs: 10_000 }
    : { rates: [LATENCY_RATE], fallbackRates: [], seconds: 20, drainMs: 5_000 };
}

export async function runPipelineMode(
  redis: Redis,
  start: () => Promise<PipelineSide>,
  plan: PipelinePlan,
): Promise<PipelineModeFigures> {
  let atFeed: number | undefined;
  let atDone: number | undefined;
  // The ladder calls feed() when the rung starts and latencies() once all is done.
  const measured = async (): Promise<PipelineSide> => {
    const side = await start();
    return {
      ...side,
      async feed(ratePerS, count, run) {
        atFeed = side.cpuMs?.();
        await side.feed(ratePerS, count, run);
      },
      latencies(fromMs) {
        atDone = side.cpuMs?.();
        return side.latencies(fromMs);
      },
    };
  };
  const ladder = await climb(redis, measured, plan);
  const step = ladder.steps[0];
  if (step === undefined) throw new Error('the pipeline ran no step');
  return {
    step,
    ticks: Math.round(step.ratePerS * plan.seconds),
    latenciesMs: ladder.latenciesMs,
    cpuMs: atFeed === undefined || atDone === undefined ? undefined : atDone - atFeed,
  };
}
