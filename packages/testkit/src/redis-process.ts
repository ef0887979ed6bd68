import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { RedisStartError } from './errors.ts';
import { readLogTails } from './log-tail.ts';
import { trackChild } from './process-registry.ts';
import { sendRespCommands } from './resp-client.ts';
import { waitFor } from './wait-for.ts';

/** How to launch one redis-server process. */
export interface RedisProcessSpec {
  readonly binary: string;
  readonly host: string;
  readonly port: number;
  /** Working directory of the server. */
  readonly dir: string;
  /** Every argument after the binary. */
  readonly args: readonly string[];
  /** Needed to PING a server started with requirepass. */
  readonly password: string | undefined;
  /** The ACL user of `password`; unset: the default user. */
  readonly username?: string | undefined;
  /** The server's logfile, read for error messages. */
  readonly logFile: string;
  /** Receives the server's stdout and stderr (messages written before the logfile is open). */
  readonly consoleFile: string;
  /** How long the server may take to answer PING, in milliseconds. */
  readonly startTimeoutMs: number;
}

/** How a process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A spawned redis-server that answered PING. */
export interface RedisProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<ProcessExit>;
  hasExited(): boolean;
}

const READY_POLL_INTERVAL_MS = 25;
const PROBE_TIMEOUT_MS = 2_000;
const SIGKILL_REAP_TIMEOUT_MS = 10_000;

/**
 * Spawns redis-server and waits until it answers PING with PONG (not LOADING, not an error).
 *
 * @throws {RedisStartError} when the process exits early or does not answer within
 *   `spec.startTimeoutMs`; the process is killed first and the error carries the log tail
 *   and whether the port was already in use.
 */
export async function spawnRedisProcess(spec: RedisProcessSpec): Promise<RedisProcess> {
  const logOffsets = [spec.logFile, spec.consoleFile].map((path) => ({ path, offset: fileSize(path) }));
  const consoleFd = openSync(spec.consoleFile, 'a');
  let child: ChildProcess;
  try {
    // Its own process group: a terminal's Ctrl-C reaches only the program that started it,
    // which stops it after its clients (the registry still kills it when that program ends).
    child = spawn(spec.binary, [...spec.args], {
      cwd: spec.dir,
      stdio: ['ignore', consoleFd, consoleFd],
      detached: true,
    });
  } finally {
    closeSync(consoleFd);
  }
  // Set synchronously in the listeners so hasExited() is exact, not one microtask late.
  let exitInfo: ProcessExit | undefined;
  let spawnError: unknown;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
    // Without a pid (e.g. ENOENT) there is no 'exit' event, only 'error'.
    child.once('error', (error) => {
      spawnError = error;
      if (child.pid === undefined) {
        exitInfo = { code: null, signal: null };
        resolve(exitInfo);
      }
    });
  });
  if (child.pid !== undefined) {
    trackChild(child);
    // The registry kills forgotten servers on exit; they must not keep this process alive.
    child.unref();
  }

  const abort = new AbortController();
  void exited.then(() => abort.abort(new Error('redis-server exited during start-up')));

  try {
    await waitFor(() => answersPingAs(spec, child.pid), {
      timeoutMs: spec.startTimeoutMs,
      intervalMs: READY_POLL_INTERVAL_MS,
      description: `redis-server on ${spec.host}:${spec.port} to answer PING`,
      signal: abort.signal,
    });
  } catch (error) {
    if (exitInfo === undefined) {
      child.kill('SIGKILL');
      await exitedWithin({ exited, hasExited: () => exitInfo !== undefined }, SIGKILL_REAP_TIMEOUT_MS);
    }
    const fresh = await Promise.all(logOffsets.map(({ path, offset }) => readFrom(path, offset)));
    const addressInUse = fresh.some((text) => /address already in use/i.test(text));
    const logTail = await readLogTails([spec.logFile, spec.consoleFile]);
    const why =
      spawnError !== undefined
        ? `could not be spawned (${spawnError instanceof Error ? spawnError.message : String(spawnError)})`
        : exitInfo !== undefined
          ? `exited during start-up (code ${exitInfo.code}, signal ${exitInfo.signal})`
          : `did not answer PING within ${spec.startTimeoutMs} ms`;
    throw new RedisStartError(
      `redis-server (${spec.binary}) on ${spec.host}:${spec.port} ${why}${addressInUse ? ': address already in use' : ''}\n${logTail}`,
      { port: spec.port, logTail, addressInUse },
      { cause: spawnError ?? error },
    );
  }

  const pid = child.pid;
  if (pid === undefined) {
    // Unreachable: a process that answered PING was spawned. Kept for the type checker.
    throw new RedisStartError(`redis-server on ${spec.host}:${spec.port} has no pid`, {
      port: spec.port,
      logTail: '',
      addressInUse: false,
    });
  }
  return { child, pid, exited, hasExited: () => exitInfo !== undefined };
}

/**
 * Ends a redis-server: SIGTERM (plus SIGCONT when it is paused, since a stopped process only
 * acts on SIGTERM once continued), then SIGKILL after `graceMs`.
 *
 * @param graceMs - how long to wait for a clean shutdown, in milliseconds.
 * @throws {Error} if the process survives SIGKILL for 10 s (it cannot, short of a kernel problem).
 */
export async function terminateRedisProcess(
  proc: RedisProcess,
  options: { readonly graceMs: number; readonly paused: boolean },
): Promise<void> {
  if (proc.hasExited()) {
    return;
  }
  proc.child.kill('SIGTERM');
  if (options.paused) {
    proc.child.kill('SIGCONT');
  }
  if (await exitedWithin(proc, options.graceMs)) {
    return;
  }
  proc.child.kill('SIGKILL');
  if (!(await exitedWithin(proc, SIGKILL_REAP_TIMEOUT_MS))) {
    throw new Error(`redis-server pid ${proc.pid} did not exit after SIGKILL`);
  }
}

/**
 * Waits up to `ms` for the process to exit. The timer also keeps the event loop alive: the
 * child itself is unref'd, so awaiting only its exit could let Node quit mid-wait.
 *
 * @returns whether the process has exited.
 */
export function exitedWithin(proc: Pick<RedisProcess, 'exited' | 'hasExited'>, ms: number): Promise<boolean> {
  if (proc.hasExited()) {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void proc.exited.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

// PONG alone is not enough: when another program's redis-server took the port between probe
// and bind, that server answers PING while ours is still failing to bind, and a test would
// then run against someone else's data. INFO's process_id says whose server answered.
async function answersPingAs(spec: RedisProcessSpec, pid: number | undefined): Promise<boolean> {
  const auth =
    spec.password === undefined
      ? []
      : [['AUTH', ...(spec.username === undefined ? [] : [spec.username]), spec.password]];
  const replies = await sendRespCommands(spec, [...auth, ['PING'], ['INFO', 'server']], PROBE_TIMEOUT_MS);
  const [pong, info] = replies.slice(-2);
  return (
    pong?.kind === 'simple' &&
    pong.value === 'PONG' &&
    info?.kind === 'bulk' &&
    info.value !== null &&
    new RegExp(`^process_id:${pid}\\r?$`, 'm').test(info.value)
  );
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

async function readFrom(path: string, offset: number): Promise<string> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.max(0, size - offset);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, offset);
      return buffer.toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}
