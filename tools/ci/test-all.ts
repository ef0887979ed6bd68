// `npm test`: every check a change must pass, in the order that fails fastest, then one
// closing line `N passed, N failed` summed over every project's test files (vitest's JSON
// reports), which CI reads. A failed check step (format, lint, typecheck) counts as one
// failure, so the line never reads "0 failed" over a red run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites: number;
  testResults: { name: string; status: string; assertionResults: unknown[] }[];
}

const root = resolve(import.meta.dirname, '../..');
const env = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0' };
const nx = (...args: string[]) => ['nx', ...args, '--output-style=static'];

function run(title: string, command: string[]): boolean {
  console.log(`\n=== ${title}: ${command.join(' ')}`);
  const result = spawnSync(command[0] as string, command.slice(1), { cwd: root, env, stdio: 'inherit' });
  return result.status === 0;
}

interface ProjectGraph {
  graph: { nodes: Record<string, { data: { root: string; targets?: Record<string, unknown> } }> };
}

function projectsWithTarget(target: string): { name: string; root: string }[] {
  const file = join(mkdtempSync(join(tmpdir(), 'tickflow-graph-')), 'graph.json');
  const shown = spawnSync('nx', ['graph', `--file=${file}`], { cwd: root, env, encoding: 'utf8' });
  if (shown.status !== 0) throw new Error(`nx graph failed: ${shown.stderr}`);
  const { graph } = JSON.parse(readFileSync(file, 'utf8')) as ProjectGraph;
  rmSync(dirname(file), { recursive: true, force: true });
  return Object.entries(graph.nodes)
    .filter(([, node]) => node.data.targets?.[target] !== undefined)
    .map(([name, node]) => ({ name, root: join(root, node.data.root) }));
}

const failedChecks: string[] = [];
if (!run('format and lint (all files)', ['biome', 'ci', '.'])) failedChecks.push('biome ci');
if (!run('typecheck and boundaries', nx('run-many', '-t', 'typecheck,lint')))
  failedChecks.push('typecheck/lint');

const testProjects = projectsWithTarget('test');
for (const project of testProjects) rmSync(join(project.root, '.reports'), { recursive: true, force: true });
run('tests', nx('run-many', '-t', 'test'));

let passed = 0;
let failed = 0;
let skipped = 0;
console.log('\n=== results');
for (const project of testProjects) {
  const file = join(project.root, '.reports', 'vitest.json');
  if (!existsSync(file)) {
    console.log(`${project.name}: no test report (the test run crashed before reporting)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8')) as VitestReport;
  // A test file that fails to load has no assertions but is a failed suite: count it.
  const brokenFiles = report.testResults.filter(
    (r) => r.status === 'failed' && r.assertionResults.length === 0,
  );
  passed += report.numPassedTests;
  failed += report.numFailedTests + brokenFiles.length;
  skipped += report.numPendingTests + report.numTodoTests;
  console.log(
    `${project.name}: ${report.numPassedTests} passed, ${report.numFailedTests + brokenFiles.length} failed` +
      (brokenFiles.length > 0 ? ` (${brokenFiles.length} file(s) failed to load)` : ''),
  );
}
for (const check of failedChecks) console.log(`${check}: failed`);
failed += failedChecks.length;

console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
