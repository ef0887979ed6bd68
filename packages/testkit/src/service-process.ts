// A Tickflow service as production runs it: a separate `node <entry>.ts` process with its
// environment. Its JSON log lines are parsed (to wait for a message such as the port a
// server listens on, and to collect errors) and all its output is kept for failure messages.
import { type ChildProcess, spawn } from 'node:child_process';
import { WaitTimeoutError } from './errors.ts';
import { trackChild } from './process-registry.ts';

/** One JSON log line of the service, parsed. */
export type LogLine = Record<string, unknown>;

/** Options of {@link ServiceProcess.waitForLog}. */
export interface WaitForLogOptions {
  /** How long to wait, in milliseconds. Default 30 000. */
  readonly timeoutMs?: number;
  /** What is being waited for, for the error message. Default: the message, or `'a log line'`. */
  readonly description?: string;
}

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code, or the name of the signal that ended it. */
  readonly exited: Promise<number | string>;
  /**
   * Resolves with the first JSON log line printed after this call whose `msg` is `message`.
   * It never rejects: when the process ends without printing it, the promise stays pending.
   */
  logged(message: string): Promise<LogLine>;
  /**
   * Resolves with the first JSON log line, already printed or still to come, whose `msg` is
   * `match` (or that `match` returns true for). Rejects when the process's output ends without
   * one, or with a {@link WaitTimeoutError} at the deadline; either error carries its output.
   */
  waitForLog(match: string | ((line: LogLine) => boolean), options?: WaitForLogOptions): Promise<LogLine>;
  /** Every JSON log line it has printed so far, oldest first. */
  logLines(): readonly LogLine[];
  /** Log lines at level error or above, and anything written to stderr. */
  readonly errors: string[];
  /** Everything it wrote, stdout and stderr. */
  output(): string;
  /** SIGTERM (a service finishes, acks and releases its leases), then the exit code. */
  stop(): Promise<number | string>;
}

const DEFAULT_LOG_TIMEOUT_MS = 30_000;
const OUTPUT_TAIL = 2_000;
// A long-running service (the demo's --follow) must not grow its parent without bound: keep
// the newest output and log lines only, far more than any test or failure message reads.
const KEPT_OUTPUT_CHARS = 4_000_000;
const KEPT_LOG_LINES = 20_000;

/**
 * Node flags a service runs with (decision 0011): V8's young generation capped at 8 MB per
 * semi-space. Left to itself V8 grows it under load to ~100 MB of RSS that a consumer does not
 * need (measured: 261 → 167 MB under 2× overload, same throughput).
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8'];

/** Starts `node <SERVICE_NODE_FLAGS> <entry>` with `env` (plus PATH) in `cwd`. */
export function startServiceProcess(entry: string, env: Record<string, string>, cwd: string): ServiceProcess {
  // Its own process group, like redis-server: on a terminal's Ctrl-C the program that
  // started it decides the order of shutdown; tracked, so it never outlives that program.
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, entry], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  trackChild(child);
  // Each waiter sees every new line and says whether it is done; `ended` runs the closers.
  const waiters = new Set<(line: LogLine) => boolean>();
  const closers = new Set<() => void>();
  const lines: LogLine[] = [];
  const errors: string[] = [];
  let output = '';
  let partial = '';
  let ended = false;
  const take = (line: LogLine) => {
    lines.push(line);
    if (lines.length > KEPT_LOG_LINES) lines.splice(0, lines.length - KEPT_LOG_LINES / 2);
    if (typeof line.level === 'number' && line.level >= 50) errors.push(String(line.msg));
    for (const waiter of [...waiters]) if (waiter(line)) waiters.delete(waiter);
  };
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    output = kept(output + chunk);
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts.map(parseJson)) if (line) take(line);
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    output = kept(output + chunk);
    errors.push(chunk.trim());
  });
  const exited = new Promise<number | string>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal ?? -1)),
  );
  // 'close' comes after the last of its output has been read, unlike 'exit'.
  child.once('close', () => {
    const last = parseJson(partial);
    partial = '';
    if (last) take(last);
    ended = true;
    for (const close of closers) close();
    closers.clear();
  });

  const waitForLog = (
    match: string | ((line: LogLine) => boolean),
    options: WaitForLogOptions = {},
  ): Promise<LogLine> => {
    const matches = typeof match === 'string' ? (line: LogLine) => line.msg === match : match;
    const description =
      options.description ?? (typeof match === 'string' ? `the log line "${match}"` : 'a log line');
    const timeoutMs = options.timeoutMs ?? DEFAULT_LOG_TIMEOUT_MS;
    const seen = lines.find(matches);
    if (seen) return Promise.resolve(seen);
    let attempts = lines.length;
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(waiter);
        closers.delete(close);
      };
      const waiter = (line: LogLine) => {
        attempts += 1;
        if (!matches(line)) return false;
        finish();
        resolve(line);
        return true;
      };
      const close = () => {
        finish();
        const how = child.exitCode ?? child.signalCode;
        reject(new Error(`${entry} ended (${how}) before printing ${description}; ${tail(output)}`));
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new WaitTimeoutError(
            `Timed out after ${timeoutMs} ms waiting for ${description} of ${entry}; ${tail(output)}`,
            { description, timeoutMs, attempts, lastValue: undefined },
          ),
        );
      }, timeoutMs);
      timer.unref();
      if (ended) return close();
      waiters.add(waiter);
      closers.add(close);
    });
  };

  return {
    child,
    exited,
    errors,
    output: () => output,
    logLines: () => lines,
    logged: (message) =>
      new Promise((resolve) =>
        waiters.add((line) => {
          if (line.msg !== message) return false;
          resolve(line);
          return true;
        }),
      ),
    waitForLog,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The newest half when `text` passes the limit (trimming in halves keeps it amortised O(1)). */
function kept(text: string): string {
  return text.length > KEPT_OUTPUT_CHARS ? text.slice(-KEPT_OUTPUT_CHARS / 2) : text;
}

function tail(output: string): string {
  const text = output.length > OUTPUT_TAIL ? `…${output.slice(-OUTPUT_TAIL)}` : output;
  return text === '' ? 'it printed nothing' : `its output:\n${text}`;
}

function parseJson(text: string): LogLine | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as LogLine) : undefined;
  } catch {
    return undefined;
  }
}

/** SIGKILLs every one of `services` still running and waits until all have exited (test clean-up). */
export async function killServices(services: readonly ServiceProcess[]): Promise<void> {
  for (const { child } of services)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(services.map((service) => service.exited));
}
