// Starts test/fixtures/consumer-process.ts as a child process and keeps track of it, so a
// test can signal it, wait for it, and be sure no child outlives the test file.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'consumer-process.ts');

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Date.now() when the exit was seen. */
  readonly at: number;
}

export interface ConsumerChild {
  readonly pid: number;
  /** Lines printed on stdout so far. */
  readonly lines: readonly string[];
  /** What it printed on stderr so far. */
  readonly stderr: () => string;
  /** Set once the process has exited. */
  readonly exit: () => ChildExit | undefined;
  readonly exited: Promise<ChildExit>;
  /** Resolves with the consumer's name once it prints `ready`; rejects if it exits first. */
  readonly ready: Promise<string>;
  signal(signal: NodeJS.Signals): void;
  /** Lets a child started with TF_START_ON_STDIN=1 start its consumer. */
  go(): void;
}

/** Every child started and not yet seen to exit. */
const running = new Set<ChildProcess>();
// Last resort when the test process exits without its afterAll (each child by its own pid).
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts the fixture with `env` (added to this process's environment). */
export function startConsumerChild(env: Record<string, string>): ConsumerChild {
  const child = spawn(process.execPath, [FIXTURE], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the consumer fixture');
  running.add(child);
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  let exit: ChildExit | undefined;
  let onReady: (name: string) => void = () => undefined;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      if (line.startsWith('ready ')) onReady(line.slice('ready '.length));
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      exit = { code, signal, at: Date.now() };
      resolve(exit);
    });
  });
  const ready = new Promise<string>((resolve, reject) => {
    onReady = resolve;
    void exited.then((how) =>
      reject(new Error(`consumer child ${pid} exited before it was ready (${describeExit(how)}): ${stderr}`)),
    );
  });
  ready.catch(() => undefined); // a test that never awaits `ready` must not see an unhandled rejection
  return {
    pid,
    lines,
    stderr: () => stderr,
    exit: () => exit,
    exited,
    ready,
    go: () => {
      child.stdin.end('go\n');
    },
    signal: (signal) => {
      if (exit === undefined) child.kill(signal);
    },
  };
}

/** SIGKILLs every child still running (each by its own pid) and waits for them to exit. */
export async function killAllConsumerChildren(): Promise<void> {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

export function describeExit(exit: ChildExit): string {
  return exit.signal === null ? `exit code ${exit.code}` : `signal ${exit.signal}`;
}
