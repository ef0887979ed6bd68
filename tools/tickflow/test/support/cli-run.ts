// Runs the CLI in-process as a shell would, with captured stdout/stderr (not terminals) and
// its own environment; optionally a fake terminal on stdin and a Ctrl-C to press.
import { PassThrough, Writable } from 'node:stream';
import { runCli } from '../../src/cli.ts';
import type { Io } from '../../src/context.ts';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Lines typed on a terminal (stdin then is a TTY); absent: stdin is not a terminal. */
  readonly terminal?: Terminal;
  /** Ctrl-C to press while it runs. */
  readonly interrupts?: Interrupts;
  /** Output as it comes, for tests that wait on it while the command runs. */
  readonly output?: Output;
  /** stderr is a terminal (readline then reads keys, Ctrl-C included, in terminal mode). */
  readonly ttyStderr?: boolean;
}

export interface Output {
  stdout: string;
  stderr: string;
}

/** A fake terminal: `type` lines into it, before or while the command runs. */
export interface Terminal {
  readonly stdin: PassThrough & { isTTY: true };
  type(...lines: string[]): void;
}

export function terminal(): Terminal {
  const stdin = Object.assign(new PassThrough(), { isTTY: true as const });
  return {
    stdin,
    type(...lines) {
      for (const line of lines) stdin.write(`${line}\n`);
    },
  };
}

/** Ctrl-C for an in-process run: `press()` calls what the command subscribed. */
export interface Interrupts {
  subscribe(handler: () => void): () => void;
  press(): void;
  readonly subscribed: boolean;
}

export function interrupts(): Interrupts {
  const handlers = new Set<() => void>();
  return {
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    press: () => {
      for (const handler of handlers) handler();
    },
    get subscribed() {
      return handlers.size > 0;
    },
  };
}

function capture(into: (text: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      into(chunk.toString());
      done();
    },
  });
}

export async function tickflow(argv: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const output = options.output ?? { stdout: '', stderr: '' };
  const io: Io = {
    stdout: capture((text) => {
      output.stdout += text;
    }),
    stderr: Object.assign(
      capture((text) => {
        output.stderr += text;
      }),
      options.ttyStderr ? { isTTY: true, columns: 120 } : {},
    ),
    env: options.env ?? {},
    ...(options.terminal ? { stdin: options.terminal.stdin } : {}),
    ...(options.interrupts ? { onInterrupt: options.interrupts.subscribe } : {}),
  };
  const code = await runCli(argv, io);
  return { code, stdout: output.stdout, stderr: output.stderr };
}

/** The one JSON document a --json run printed. */
export function parsed<T = Record<string, unknown>>(result: CliResult): T {
  return JSON.parse(result.stdout) as T;
}
