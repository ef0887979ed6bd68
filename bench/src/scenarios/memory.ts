// 5. memory: the consumer child's RSS while its producer publishes at twice the handler's
// speed (the handler busy-waits `memoryHandlerUs` per event). The backlog grows in Redis;
// the consumer's memory must not (its reads are bounded by maxInFlight).
import { startConsumerChild } from '../child.ts';
import type { BenchOptions } from '../options.ts';
import { atMost, type ScenarioResult } from '../report.ts';
import { rate } from '../stats.ts';
import { projectSide, rawSide } from './hop-sides.ts';

const MB = 1024 * 1024;

interface MemoryFigures {
  readonly maxRssMb: number;
  readonly startRssMb: number;
  readonly publishRate: number;
  readonly handleRate: number;
}

export async function memoryScenario(url: string, options: BenchOptions): Promise<ScenarioResult> {
  const raw = await runMemory(url, options, 'raw');
  const project = await runMemory(url, options, 'project');
  return {
    scenario: 'memory',
    status: 'ok',
    metrics: [
      atMost('consumer max RSS under 2× overload', 'MB', project.maxRssMb, raw.maxRssMb, 256),
      { name: 'consumer RSS at start', unit: 'MB', project: project.startRssMb, raw: raw.startRssMb },
      { name: 'publish rate', unit: 'events/s', project: project.publishRate, raw: raw.publishRate },
      { name: 'handled rate', unit: 'events/s', project: project.handleRate, raw: raw.handleRate },
    ],
    notes: [`handler busy ${options.memoryHandlerUs} µs per event; ${options.memorySeconds} s of overload`],
  };
}

async function runMemory(
  url: string,
  options: BenchOptions,
  mode: 'project' | 'raw',
): Promise<MemoryFigures> {
  const namespace = `${mode}-memory`;
  const child = await startConsumerChild({
    mode,
    url,
    namespace,
    group: 'bench',
    handlerUs: options.memoryHandlerUs,
  });
  const side = mode === 'raw' ? await rawSide(url, namespace) : await projectSide(url, namespace);
  try {
    const before = await child.report();
    const overload = (2 * 1_000_000) / options.memoryHandlerUs;
    const run = await side.paced(overload, options.memorySeconds);
    const after = await child.report();
    return {
      maxRssMb: after.maxRss / MB,
      startRssMb: before.maxRss / MB,
      publishRate: run.ratePerS,
      handleRate: rate(after.handled - before.handled, run.elapsedMs),
    };
  } finally {
    side.close();
    await child.stop();
  }
}
