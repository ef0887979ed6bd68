// The service as a child process (`node src/main.ts`), as it runs in production: its env,
// its output, its exit code, and signals. Every process started is killed by killAll().
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@tickflow/testkit';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const live = new Set<ChildProcess>();

export interface IngestProcess {
  /** stdout and stderr so far (pino JSON lines, config errors). */
  output(): string;
  /** The exit code (null when killed by a signal), waited for with a deadline. */
  exitCode(timeoutMs?: number): Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

/** Starts the service with the kit's test settings plus `env`. */
export function startIngest(env: Readonly<Record<string, string>>): IngestProcess {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LOG_PRETTY: 'false',
      SHUTDOWN_GRACE_MS: '15000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exit: { code?: number | null } = {};
  child.on('exit', (code) => {
    exit.code = code;
    live.delete(child);
  });
  return {
    output: () => output,
    async exitCode(timeoutMs = 30_000) {
      await waitFor(() => 'code' in exit, {
        timeoutMs,
        description: `the ingest process to exit; its output:\n${output.slice(-2_000)}`,
      });
      return exit.code ?? null;
    },
    kill: (signal) => child.kill(signal),
  };
}

/** SIGKILLs every process still running and waits for each to be gone. */
export async function killAll(): Promise<void> {
  const children = [...live];
  for (const child of children) child.kill('SIGKILL');
  await waitFor(() => children.every((child) => child.exitCode !== null || child.signalCode !== null), {
    description: 'killed ingest processes to exit',
  });
}
