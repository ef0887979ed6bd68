// The tracing scenario's hop in one mode, as a process of its own (runInChild): the hop
// scenario's runHop — publisher here, consumer in its own child — with both processes
// starting tracing from the mode's OTEL_* variables as a service would. Raw: no tracing.
import type { BenchOptions } from '../options.ts';
import { type HopFigures, runHop } from '../scenarios/hop.ts';
import { answerParent } from './run-child.ts';
import { startBenchTracing } from './start-tracing.ts';

export interface HopRunConfig {
  readonly url: string;
  readonly options: BenchOptions;
  readonly side: 'project' | 'raw';
  /** The mode's OTEL_* variables (project side only). */
  readonly otel: Record<string, string>;
}

const config = JSON.parse(process.argv[2] ?? '{}') as HopRunConfig;

await answerParent(async (): Promise<HopFigures> => {
  if (config.side === 'raw') return runHop(config.url, config.options, 'raw');
  const tracing = await startBenchTracing('bench-hop-publisher', { REDIS_URL: config.url, ...config.otel });
  try {
    return await runHop(config.url, config.options, 'project', config.otel);
  } finally {
    // Exports what is queued: the receiver's counts are read once this process is gone.
    await tracing.shutdown();
  }
});
