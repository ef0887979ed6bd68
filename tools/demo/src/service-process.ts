// A Tickflow service as the demo runs it: a separate `node services/<name>/src/main.ts`
// process with its environment, its JSON log lines collected (for errors and ports).
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');

export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | string>;
  /** Resolves with the first JSON log line whose `msg` is `message`. */
  logged(message: string): Promise<Record<string, unknown>>;
  /** SIGTERM, then the exit code (the service finishes, acks and releases its leases). */
  stop(): Promise<number | string>;
  readonly errors: string[];
}

export function startService(name: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, [resolve(ROOT, 'services', name, 'src/main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LOG_PRETTY: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const waiters = new Map<string, (line: Record<string, unknown>) => void>();
  const errors: string[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const text of lines) {
      const line = parse(text);
      if (!line) continue;
      if (typeof line.level === 'number' && line.level >= 50) errors.push(`${name}: ${String(line.msg)}`);
      const waiter = waiters.get(String(line.msg));
      if (waiter) {
        waiters.delete(String(line.msg));
        waiter(line);
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => errors.push(`${name}: ${chunk.toString().trim()}`));
  const exited = new Promise<number | string>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal ?? -1)),
  );
  return {
    name,
    child,
    exited,
    errors,
    logged: (message) => new Promise((resolveLine) => waiters.set(message, resolveLine)),
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
