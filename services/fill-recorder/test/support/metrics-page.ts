// A service's /metrics as a test reads it: the samples parsed from the exposition text, one
// series' value, and promtool's lint of the page (or of some families of it). promtool is
// required: missing, the check fails saying so, never skips.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expect } from 'vitest';

const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export async function scrape(api: string): Promise<{ text: string; samples: Sample[] }> {
  const response = await fetch(`${api}/metrics`);
  expect(response.status).toBe(200);
  const text = await response.text();
  const samples = text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not an exposition line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, name, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
        labels[name as string] = value as string;
      return { name: match[1] as string, labels, value: Number(match[3]) };
    });
  return { text, samples };
}

/** The samples of `name` whose labels include `labels`. */
export const matching = (samples: readonly Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter(
    (sample) =>
      sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );

/** The one value of `name` with `labels`, or undefined when there is no such series. */
export function seriesValue(
  samples: readonly Sample[],
  name: string,
  labels: Record<string, string>,
): number | undefined {
  const found = matching(samples, name, labels);
  if (found.length > 1) throw new Error(`${found.length} series of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

/** `promtool check metrics` on `text`: its exit status and what it printed (nothing when clean). */
export function promtoolCheck(text: string): { status: number | null; output: string } {
  if (!existsSync(PROMTOOL))
    throw new Error(
      `promtool not found at ${PROMTOOL}: install Debian's prometheus package (or set PROMTOOL)`,
    );
  const result = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The exposition text of only these families (their HELP, TYPE and sample lines), each required present. */
export function familiesOf(text: string, families: readonly string[]): string {
  const familyOf = (name: string) =>
    families.includes(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
  const kept = text.split('\n').filter((line) => {
    const name = line.startsWith('# ') ? line.split(' ')[2] : /^[\w:]+/.exec(line)?.[0];
    return name !== undefined && families.includes(familyOf(name));
  });
  const typed = kept.filter((line) => line.startsWith('# TYPE')).map((line) => line.split(' ')[2]);
  expect(new Set(typed)).toEqual(new Set(families));
  return `${kept.join('\n')}\n`;
}
