// Results: a human table, and one JSON line per scenario (`{"scenario":...}` at the start of
// the line, so `grep '^{"scenario"'` finds them).

export interface Metric {
  readonly name: string;
  readonly unit: string;
  readonly project: number;
  /** The raw ioredis baseline's figure; undefined when the metric has none. */
  readonly raw?: number;
  /** project / raw: read with `lowerIsBetter` (a throughput wants it high, a latency low). */
  readonly ratio?: number;
  /** True for a metric where less is better (latency, memory): its ratio should stay low. */
  readonly lowerIsBetter?: boolean;
  readonly target?: string;
  readonly pass?: boolean;
  /**
   * What `raw` holds when it is not the raw ioredis baseline (the tracing scenario compares
   * with tracing off): shown beside the figure and in the target.
   */
  readonly baseline?: string;
}

export interface ScenarioResult {
  readonly scenario: string;
  readonly status: 'ok' | 'skipped';
  readonly metrics: readonly Metric[];
  readonly notes?: readonly string[];
}

const timesRaw = (project: number, raw: number): number => (raw > 0 ? project / raw : 0);

const against = (baseline: string | undefined) => (baseline === undefined ? {} : { baseline });

/**
 * A higher-is-better metric compared with raw in the same run, passing at `minRatio` × raw
 * (`baseline`: what stands in raw's place, e.g. `off`).
 */
export function vsRaw(
  name: string,
  unit: string,
  project: number,
  raw: number,
  minRatio: number,
  baseline?: string,
): Metric {
  const ratio = timesRaw(project, raw);
  const target = `≥ ${minRatio}× ${baseline ?? 'raw'}`;
  return { name, unit, project, raw, ratio, target, pass: ratio >= minRatio, ...against(baseline) };
}

/**
 * A lower-is-better metric (a latency) compared with raw in the same run, passing at up to
 * `maxRatio` × raw's figure. Ratio = project / raw (e.g. 1.4× raw's p99).
 */
export function atMostTimesRaw(
  name: string,
  unit: string,
  project: number,
  raw: number,
  maxRatio: number,
  baseline?: string,
): Metric {
  const ratio = raw > 0 ? project / raw : Number.POSITIVE_INFINITY;
  const target = `≤ ${maxRatio}× ${baseline ?? 'raw'}`;
  return {
    ...lowerIsBetter(name, unit, project, raw, ratio, target, ratio <= maxRatio),
    ...against(baseline),
  };
}

/**
 * A lower-is-better metric with an absolute bound, for what raw is no yardstick of (memory:
 * the bound is the budget); raw shown alongside, ratio = project / raw.
 */
export function atMost(name: string, unit: string, project: number, raw: number, bound: number): Metric {
  return lowerIsBetter(
    name,
    unit,
    project,
    raw,
    timesRaw(project, raw),
    `≤ ${bound} ${unit}`,
    project <= bound,
  );
}

function lowerIsBetter(
  name: string,
  unit: string,
  project: number,
  raw: number,
  ratio: number,
  target: string,
  pass: boolean,
): Metric {
  return { name, unit, project, raw, ratio, lowerIsBetter: true, target, pass };
}

/**
 * A lower-is-better figure with an absolute bound and no raw counterpart (a service's peak
 * memory: the raw baseline runs in the bench's own process, so has no figure of its own).
 */
export function within(name: string, unit: string, project: number, bound: number): Metric {
  return { name, unit, project, lowerIsBetter: true, target: `≤ ${bound} ${unit}`, pass: project <= bound };
}

/** A figure shown beside raw's, with its ratio, and no target. */
export function besideRaw(
  name: string,
  unit: string,
  project: number,
  raw: number,
  lowerIsBetter = false,
  baseline?: string,
): Metric {
  return {
    name,
    unit,
    project,
    raw,
    ratio: timesRaw(project, raw),
    ...(lowerIsBetter ? { lowerIsBetter } : {}),
    ...against(baseline),
  };
}

export function jsonLine(result: ScenarioResult, mode: string): string {
  const { scenario, ...rest } = result;
  return JSON.stringify({ scenario, mode, ...rest });
}

const fmt = (value: number | undefined): string => {
  if (value === undefined) return '';
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
};

export function table(results: readonly ScenarioResult[]): string {
  const header = ['scenario', 'metric', 'project', 'raw ioredis', 'ratio', 'target', 'result'];
  const rows: string[][] = [];
  for (const result of results) {
    if (result.status === 'skipped') {
      rows.push([result.scenario, 'not yet available', '', '', '', '', 'skipped']);
      continue;
    }
    for (const metric of result.metrics) {
      rows.push([
        result.scenario,
        `${metric.name} (${metric.unit})`,
        fmt(metric.project),
        metric.baseline === undefined || metric.raw === undefined
          ? fmt(metric.raw)
          : `${fmt(metric.raw)} (${metric.baseline})`,
        metric.ratio === undefined ? '' : `${metric.ratio.toFixed(2)}×`,
        metric.target ?? '',
        metric.pass === undefined ? '' : metric.pass ? 'PASS' : 'FAIL',
      ]);
    }
  }
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, c) => (c >= 2 && c <= 4 ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (c >= 2 && c <= 4 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
