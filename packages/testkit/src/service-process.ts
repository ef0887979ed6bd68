// A Tickflow service as production runs it: a separate `node <entry>.ts` process with its
// environment. Its JSON log lines are parsed (to wait for a message such as the port a
// server listens on, and to collect errors) and all its output is kept for failure messages.
import { type ChildProcess, spawn } from 'node:child_process';
import { trackChild } from './process-registry.ts';

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code, or the name of the signal that ended it. */
  readonly exited: Promise<number | string>;
  /** Resolves with the first JSON log line whose `msg` is `message`. */
  logged(message: string): Promise<Record<string, unknown>>;
  /** Log lines at level error or above, and anything written to stderr. */
  readonly errors: string[];
  /** Everything it wrote, stdout and stderr. */
  output(): string;
  /** SIGTERM (a service finishes, acks and releases its leases), then the exit code. */
  stop(): Promise<number | string>;
}

/** Starts `node <entry>` with `env` (plus PATH) in `cwd`. */
export function startServiceProcess(entry: string, env: Record<string, string>, cwd: string): ServiceProcess {
  // Its own process group, like redis-server: on a terminal's Ctrl-C the program that
  // started it decides the order of shutdown; tracked, so it never outlives that program.
  const child = spawn(process.execPath, [entry], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  trackChild(child);
  const waiters = new Map<string, (line: Record<string, unknown>) => void>();
  const errors: string[] = [];
  let output = '';
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines.map(parseJson)) {
      if (!line) continue;
      if (typeof line.level === 'number' && line.level >= 50) errors.push(String(line.msg));
      const waiter = waiters.get(String(line.msg));
      if (waiter) {
        waiters.delete(String(line.msg));
        waiter(line);
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    errors.push(chunk.toString().trim());
  });
  const exited = new Promise<number | string>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal ?? -1)),
  );
  return {
    child,
    exited,
    errors,
    output: () => output,
    logged: (message) => new Promise((resolve) => waiters.set(message, resolve)),
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
