// Samples how much the pipeline has queued, every SAMPLE_EVERY_MS while a rate is held, and
// keeps the highest: a pipeline that keeps up holds it bounded, one that does not lets it grow.
import type { Redis } from 'ioredis';
import { queued } from './backlog.ts';
import { SAMPLE_EVERY_MS } from './plan.ts';

export interface LagSampler {
  /** Stops sampling; resolves with the highest total queued seen. */
  stop(): Promise<number>;
}

export function sampleLag(redis: Redis, namespace: string): LagSampler {
  let max = 0;
  let failure: unknown;
  let sampling: Promise<void> = Promise.resolve();
  const sample = () =>
    queued(redis, namespace).then(
      (total) => {
        max = Math.max(max, total);
      },
      (error: unknown) => {
        failure ??= error;
      },
    );
  // A sample still running when the next is due is not doubled up: the next one is skipped.
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    sampling = sample().finally(() => {
      busy = false;
    });
  }, SAMPLE_EVERY_MS);
  return {
    async stop() {
      clearInterval(timer);
      await sampling;
      if (failure !== undefined) throw failure;
      return max;
    },
  };
}
