// Prometheus' text exposition as a test reads it: the samples, the series of a name, one
// series' value, and the text of a few families (to lint only those). Strict on purpose: a
// line that is not a sample fails the parse instead of vanishing from the samples a test
// counts.

/** One sample line: `name{labels} value`, label values unescaped. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A /metrics page that cannot be read as a test expects (bad line, ambiguous series, family missing, non-200). */
export class MetricsPageError extends Error {
  override readonly name = 'MetricsPageError';
  readonly code = 'METRICS_PAGE_INVALID';
}

// The label block may hold `}` and `"` inside quoted values, hence the alternation. An optional
// timestamp (prom-client writes none) is accepted and ignored.
const SAMPLE_LINE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[^"}]|"(?:[^"\\]|\\.)*")*)\})?[ \t]+(\S+)(?:[ \t]+-?\d+)?[ \t]*$/;
const LABEL_PAIR = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(?:,\s*|$)/y;

/** Every sample of `text`; comments and blank lines skipped. Throws MetricsPageError on any other line. */
export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const match = SAMPLE_LINE.exec(line);
    if (!match) throw new MetricsPageError(`line ${index + 1} is not an exposition sample: ${line}`);
    samples.push({
      name: match[1] as string,
      labels: parseLabels(match[2] ?? '', line),
      value: parseValue(match[3] as string, line),
    });
  });
  return samples;
}

function parseLabels(block: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL_PAIR.lastIndex = 0;
  while (LABEL_PAIR.lastIndex < block.length) {
    const pair = LABEL_PAIR.exec(block);
    if (!pair) throw new MetricsPageError(`malformed labels {${block}} in: ${line}`);
    // The format escapes only backslash, double quote and line feed.
    labels[pair[1] as string] = (pair[2] as string).replace(/\\(.)/g, (_, char: string) =>
      char === 'n' ? '\n' : char,
    );
  }
  return labels;
}

function parseValue(token: string, line: string): number {
  // Prometheus reads values with Go's ParseFloat, which takes Inf and NaN in any case (prom-client
  // writes `Nan`, Go `+Inf`); Number() knows only `Infinity` and `NaN`.
  if (/^nan$/i.test(token)) return Number.NaN;
  const infinity = /^([+-]?)inf(inity)?$/i.exec(token);
  if (infinity) return infinity[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  const value = Number(token);
  if (Number.isNaN(value)) throw new MetricsPageError(`value ${token} is not a number in: ${line}`);
  return value;
}

/** The samples of `name` whose labels include `labels` (default: every sample of `name`). */
export function matching(
  samples: readonly Sample[],
  name: string,
  labels: Readonly<Record<string, string>> = {},
): Sample[] {
  const wanted = Object.entries(labels);
  return samples.filter(
    (sample) => sample.name === name && wanted.every(([key, value]) => sample.labels[key] === value),
  );
}

export interface SeriesValueOptions {
  /**
   * Match only a series with no labels besides `labels` and the kit's `service` default label,
   * so a label added to the series fails the test. Default false: its labels include `labels`.
   */
  readonly exact?: boolean;
}

/**
 * The value of the one series of `name` with `labels`, or undefined when there is none.
 * Throws MetricsPageError when several match: the labels given do not name one series.
 */
export function seriesValue(
  samples: readonly Sample[],
  name: string,
  labels: Readonly<Record<string, string>>,
  options: SeriesValueOptions = {},
): number | undefined {
  const found = matching(samples, name, labels).filter(
    (sample) =>
      !options.exact ||
      Object.keys(sample.labels).every((key) => key === 'service' || Object.hasOwn(labels, key)),
  );
  if (found.length > 1)
    throw new MetricsPageError(
      `${found.length} series of ${name} match ${JSON.stringify(labels)}: ` +
        found.map((sample) => JSON.stringify(sample.labels)).join(', '),
    );
  return found[0]?.value;
}

/**
 * The exposition text of only these families (their HELP, TYPE and sample lines, a
 * histogram's _bucket, _sum and _count included), for linting them apart from the rest of a
 * page. Throws MetricsPageError naming the families that have no TYPE line in `text`.
 */
export function familiesOf(text: string, families: readonly string[]): string {
  const familyOf = (name: string) =>
    families.includes(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
  const kept = text.split('\n').filter((line) => {
    const name = line.startsWith('# ') ? line.split(' ')[2] : /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
    return name !== undefined && families.includes(familyOf(name));
  });
  const typed = new Set(kept.filter((line) => line.startsWith('# TYPE ')).map((line) => line.split(' ')[2]));
  const missing = families.filter((family) => !typed.has(family));
  if (missing.length > 0)
    throw new MetricsPageError(`families missing from the exposition: ${missing.join(', ')}`);
  return `${kept.join('\n')}\n`;
}
