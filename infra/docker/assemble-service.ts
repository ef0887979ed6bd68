// Lays out what one service's image holds, into <out>: the workspace's root manifests and
// lockfile, the service and the workspace libraries it depends on (production dependencies
// only, as TypeScript sources: Node strips their types at run time), and their third-party
// production dependencies installed from the lockfile. The Dockerfile's build stage runs it,
// and so does infra/test/image, so the tested tree and the image's tree come from one script.
//
// Workspace libraries stay at their workspace paths (packages/<lib>), symlinked from
// node_modules, because Node refuses to strip types from files whose real path is under
// node_modules, which is where `pnpm deploy` copies them (decision 0022).
//
// usage (from the workspace root): node infra/docker/assemble-service.ts <service> <out>
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';

/** Root files the install reads: manifest (packageManager, engines), lockfile, workspace settings. */
const ROOT_FILES = ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml'] as const;

/** Left out of every copied project: installs, tests and build-time-only files. */
const LEFT_OUT = new Set(['node_modules', 'test', 'tsconfig.json', 'README.md', 'coverage', '.reports']);

class AssembleError extends Error {
  readonly code = 'ASSEMBLE_FAILED';
}

/** Runs pnpm in `cwd` and returns its stdout; throws with its output when it fails. */
function pnpm(cwd: string, args: readonly string[]): string {
  const result = spawnSync('pnpm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) throw new AssembleError(`pnpm ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new AssembleError(
      `pnpm ${args.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout;
}

/**
 * The folders (relative to `root`) of `@tickflow/<service>` and of every workspace project it
 * needs at run time: pnpm's own graph, following `dependencies` only (`--filter-prod`).
 */
function runtimeProjects(root: string, service: string): string[] {
  const listed = pnpm(root, [
    'ls',
    '-r',
    '--depth',
    '-1',
    '--parseable',
    '--filter-prod',
    `@tickflow/${service}...`,
  ]);
  const folders = listed
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => relative(root, line.trim()));
  if (!folders.includes(join('services', service))) {
    throw new AssembleError(
      `no service @tickflow/${service} at services/${service} (pnpm listed: ${folders.join(', ') || 'nothing'})`,
    );
  }
  return folders;
}

function assembleService(root: string, service: string, out: string): void {
  if (existsSync(out) && readdirSync(out).length > 0) throw new AssembleError(`${out} is not empty`);
  mkdirSync(out, { recursive: true });
  for (const file of ROOT_FILES) cpSync(join(root, file), join(out, file));
  for (const folder of runtimeProjects(root, service)) {
    if (folder.startsWith('..') || folder.split(sep).includes('node_modules')) {
      throw new AssembleError(`project folder ${folder} is outside the workspace or under node_modules`);
    }
    cpSync(join(root, folder), join(out, folder), {
      recursive: true,
      filter: (source) => !LEFT_OUT.has(basename(source)),
    });
  }
  // Only the projects copied above exist in `out`; the lockfile still describes them exactly.
  pnpm(out, [
    'install',
    '--frozen-lockfile',
    '--prod',
    '--ignore-scripts',
    '--reporter=append-only',
    '--filter-prod',
    `@tickflow/${service}...`,
  ]);
}

const [service, out] = process.argv.slice(2);
if (service === undefined || service === '' || out === undefined || out === '') {
  console.error('usage: node infra/docker/assemble-service.ts <service> <out>   (from the workspace root)');
  process.exit(2);
}
try {
  assembleService(process.cwd(), service, resolve(out));
  console.log(`assembled ${service} into ${resolve(out)}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
