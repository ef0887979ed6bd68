// Processes of the pipeline scenario, started with the testkit's launcher (`node <entry>` with
// an environment, JSON logs on stdout): the project's services, and the raw chain's hops.
import { resolve } from 'node:path';
import { type ServiceProcess, startServiceProcess } from '@tickflow/testkit';

export const ROOT = resolve(import.meta.dirname, '../../..');

export interface NamedProcess extends ServiceProcess {
  readonly name: string;
}

// Health servers on free ports, JSON logs at info (the `running` line is what startup waits for).
const DEFAULTS = { HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'info', LOG_PRETTY: 'false' };

/**
 * Opt-in, for profiling: BENCH_SERVICE_NODE_OPTIONS is handed to every process of the scenario
 * as NODE_OPTIONS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof --import=<bench>/src/loop-stats.ts`
 * with BENCH_LOOP_STATS=<dir>, see loop-stats.ts).
 */
const PROBES = process.env.BENCH_SERVICE_NODE_OPTIONS
  ? {
      NODE_OPTIONS: process.env.BENCH_SERVICE_NODE_OPTIONS,
      ...(process.env.BENCH_LOOP_STATS ? { BENCH_LOOP_STATS: process.env.BENCH_LOOP_STATS } : {}),
    }
  : {};

export function startProcess(name: string, entry: string, env: Record<string, string>): NamedProcess {
  return { name, ...startServiceProcess(entry, { ...DEFAULTS, ...PROBES, ...env }, ROOT) };
}

export function startTickflowService(name: string, env: Record<string, string>): NamedProcess {
  return startProcess(name, resolve(ROOT, 'services', name, 'src/main.ts'), env);
}

/** Resolves once the process logs `running`; rejects if it exits first. */
export async function running(process: NamedProcess): Promise<void> {
  const first = await Promise.race([
    process.logged('running').then(() => undefined),
    process.exited.then((code) => ({ code })),
  ]);
  if (first !== undefined) {
    throw new Error(`${process.name} exited (${first.code}) before running: ${failureText(process)}`);
  }
}

/** Past the services' own shutdown grace (20 s by default), a process is killed. */
const STOP_DEADLINE_MS = 30_000;

/** Stops every process (SIGTERM: finish, ack, exit); rejects naming those that did not exit 0 or logged errors. */
export async function stopAll(processes: readonly NamedProcess[]): Promise<void> {
  const codes = await Promise.all(
    processes.map((process) => {
      const timer = setTimeout(() => process.child.kill('SIGKILL'), STOP_DEADLINE_MS);
      return process.stop().finally(() => clearTimeout(timer));
    }),
  );
  const failed = processes.flatMap((process, i) =>
    codes[i] !== 0 || process.errors.length > 0
      ? [`${process.name} (exit ${codes[i]}): ${failureText(process)}`]
      : [],
  );
  if (failed.length > 0) throw new Error(`pipeline processes failed:\n${failed.join('\n')}`);
}

function failureText(process: NamedProcess): string {
  return process.errors.length > 0 ? process.errors.join('; ') : process.output().slice(-2_000);
}
