// Reading Prometheus' text exposition in tests: the samples, and one series' value by its
// exact labels (the `service` default label aside).

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseSamples(text: string): Sample[] {
  return text.split('\n').flatMap((line) => {
    if (line.startsWith('#')) return [];
    const match = SAMPLE.exec(line);
    if (!match) return [];
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map(([, k, v]) => [k, v]));
    return [{ name: match[1] as string, labels, value: Number(match[3]) }];
  });
}

/** The value of the series `name{labels}` (exactly those labels, plus `service`), or undefined. */
export function seriesValue(
  text: string,
  name: string,
  labels: Readonly<Record<string, string>>,
): number | undefined {
  const wanted = Object.entries(labels);
  return parseSamples(text).find(
    (sample) =>
      sample.name === name &&
      wanted.every(([key, value]) => sample.labels[key] === value) &&
      Object.keys(sample.labels).every((key) => key === 'service' || key in labels),
  )?.value;
}
