// `promtool check metrics` on an exposition text: Prometheus' own linter (names, units,
// `_total` on counters, HELP on every metric, histogram shape). promtool comes with Debian's
// `prometheus` package; CI installs it, so a missing promtool fails the test instead of
// skipping it.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export function findPromtool(): string {
  const directories = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin'];
  for (const directory of directories) {
    if (!directory.startsWith('/')) continue;
    const candidate = join(directory, 'promtool');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(
    'promtool not found on PATH or in /usr/bin: install Debian’s prometheus package (apt-get install prometheus), which ships promtool (CI installs it)',
  );
}

/** promtool's exit code and everything it printed about `exposition`. */
export function checkMetrics(exposition: string): { code: number | null; output: string } {
  const run = spawnSync(findPromtool(), ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  if (run.error) throw run.error;
  return { code: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}
