// What is running, for tickflow_build_info and the logs: the release version, the source
// revision it was built from, and the Node.js version.
import { readFileSync } from 'node:fs';

export interface BuildInfo {
  /** The version in @tickflow/service's package.json; runService puts the service's own in its place. */
  readonly version: string;
  /** TICKFLOW_REVISION (set at build or deploy time, e.g. a git commit), else `unknown`. */
  readonly revision: string;
  /** process.version, e.g. `v24.1.0`. */
  readonly nodeVersion: string;
}

let kitVersion: string | undefined;

/** The build info, with the revision read from `env` (default process.env). */
export function readBuildInfo(env: Readonly<Record<string, string | undefined>> = process.env): BuildInfo {
  kitVersion ??= (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  const revision = env.TICKFLOW_REVISION?.trim();
  return {
    version: kitVersion,
    revision: revision === undefined || revision === '' ? 'unknown' : revision,
    nodeVersion: process.version,
  };
}
