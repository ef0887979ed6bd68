// Run sizes: full mode for figures worth recording, --quick for a smoke run of seconds
// (what CI runs, so the bench never rots).

export interface BenchOptions {
  readonly quick: boolean;
  /** Events published in the publish scenario (per side). */
  readonly publishEvents: number;
  /** Events through the hop at full speed (per side). */
  readonly hopEvents: number;
  /** Fixed rate and duration of the hop latency run. */
  readonly latencyRatePerS: number;
  readonly latencySeconds: number;
  /** Held at the latency rate before the latency is recorded (JIT, connection buffers), s. */
  readonly latencyWarmUpSeconds: number;
  /** Events stored, then replayed. */
  readonly replayEvents: number;
  /** How long the consumer is kept under 2× overload. */
  readonly memorySeconds: number;
  /** Busy time of the memory scenario's handler, µs (its speed is about 1e6 / this). */
  readonly memoryHandlerUs: number;
  /** How long the tracing scenario measures its per-event span calls in each mode, s. */
  readonly spanCostSeconds: number;
  /** Rows of the generated Tardis quotes file the ingest scenario reads (plain and gzipped). */
  readonly ingestRows: number;
  /** Only these scenarios (default all). */
  readonly only: readonly string[] | undefined;
  /** The pipeline's ladder of tick rates instead of its own (`--pipeline-rates=5000`: latency only). */
  readonly pipelineRates: readonly number[] | undefined;
}

export const PARTITIONS = 8;
/** Events per publishAll / pipeline. */
export const BATCH = 1_000;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const onlyArg = argv.find((arg) => arg.startsWith('--only='));
  const only = onlyArg?.slice('--only='.length).split(',');
  const ratesArg = argv.find((arg) => arg.startsWith('--pipeline-rates='));
  const pipelineRates = ratesArg?.slice('--pipeline-rates='.length).split(',').map(Number);
  if (pipelineRates?.some((rate) => !(Number.isInteger(rate) && rate > 0))) {
    throw new Error(`--pipeline-rates takes positive whole tick rates, got ${ratesArg}`);
  }
  const unknown = argv.filter(
    (arg) => arg !== '--quick' && !arg.startsWith('--only=') && !arg.startsWith('--pipeline-rates='),
  );
  if (unknown.length > 0) {
    throw new Error(
      `unknown argument(s): ${unknown.join(' ')}; usage: bench [--quick] [--only=a,b] [--pipeline-rates=5000,10000]`,
    );
  }
  return {
    quick,
    publishEvents: quick ? 2_000 : 200_000,
    hopEvents: quick ? 2_000 : 200_000,
    latencyRatePerS: 10_000,
    latencySeconds: quick ? 1 : 20,
    latencyWarmUpSeconds: quick ? 0.25 : 2,
    replayEvents: quick ? 2_000 : 1_000_000,
    memorySeconds: quick ? 2 : 30,
    memoryHandlerUs: 200,
    spanCostSeconds: quick ? 0.2 : 2,
    ingestRows: quick ? 5_000 : 1_000_000,
    only,
    pipelineRates,
  };
}
