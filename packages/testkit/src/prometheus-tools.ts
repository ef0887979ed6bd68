// Prometheus' own binaries for tests: where `prometheus` and `promtool` are, and promtool's
// lint of an exposition (names, units, `_total` on counters, HELP on every metric, histogram
// shape). They come with Debian's `prometheus` package, which CI installs: a missing binary
// fails the test saying how to install it, never skips it.
import { spawnSync } from 'node:child_process';
import { findExecutable, isExecutableFile } from './find-executable.ts';

export type PrometheusToolName = 'prometheus' | 'promtool';

/** `prometheus` or `promtool` is not installed (or PROMTOOL names no executable). */
export class PrometheusToolMissingError extends Error {
  override readonly name = 'PrometheusToolMissingError';
  readonly code = 'PROMETHEUS_TOOL_MISSING';
}

const INSTALL_HINT =
  "install Debian's prometheus package (apt-get install prometheus), which ships prometheus and " +
  'promtool; CI installs it, and the tests that need it fail without it rather than skip';

/**
 * The absolute path of `name`: for promtool the PROMTOOL environment variable when set, then
 * /usr/bin (the Debian package's place, ahead of whatever else PATH holds), then PATH.
 *
 * @param env - where PROMTOOL and PATH are read. Default `process.env`.
 * @throws PrometheusToolMissingError saying how to install it.
 */
export function findTool(
  name: PrometheusToolName,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const override = name === 'promtool' ? env.PROMTOOL : undefined;
  if (override !== undefined && override !== '') {
    // Named on purpose: falling back to another promtool would hide the mistake.
    if (isExecutableFile(override)) return override;
    throw new PrometheusToolMissingError(`PROMTOOL=${override} is not an executable file`);
  }
  const debian = `/usr/bin/${name}`;
  if (isExecutableFile(debian)) return debian;
  const onPath = findExecutable(name, env.PATH ?? '');
  if (onPath !== undefined) return onPath;
  throw new PrometheusToolMissingError(`${name} not found in /usr/bin or on PATH: ${INSTALL_HINT}`);
}

/** What promtool said: its exit status (null when killed by a signal) and its stdout and stderr, trimmed. */
export interface PromtoolResult {
  readonly status: number | null;
  readonly output: string;
}

/** `promtool check metrics` on an exposition text; a clean one gives status 0 and no output. */
export function checkMetrics(exposition: string): PromtoolResult {
  const run = spawnSync(findTool('promtool'), ['check', 'metrics'], {
    input: exposition,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}
