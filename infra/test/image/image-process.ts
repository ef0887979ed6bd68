// Starts a service the way its container does: the image's ENTRYPOINT + CMD in its WORKDIR,
// with only the image's ENV and what a deployment adds, as the image's USER when this test
// runs as root (then the root-owned tree is read-only to it, as in the image).
import { type ChildProcess, spawn } from 'node:child_process';

export interface ImageProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code, or the name of the signal that ended it, once its output is read. */
  readonly exited: Promise<number | string>;
  /** How it ended, once it has (and its output was read); undefined while it runs. */
  ended(): { code: number | string } | undefined;
  /** The HTTP port from the kit's `starting` log line; rejects if the process ends first. */
  readonly port: Promise<number>;
  /** Parsed JSON log lines so far. */
  readonly lines: Record<string, unknown>[];
  output(): string;
}

export interface ImageLaunch {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Record<string, string>;
  /** `USER uid:gid`, applied when this process may switch user (root). */
  readonly user: string | undefined;
}

function ids(user: string | undefined): { uid: number; gid: number } | undefined {
  if (user === undefined || process.getuid?.() !== 0) return undefined;
  const [uid, gid] = user.split(':').map(Number);
  if (uid === undefined || !Number.isInteger(uid))
    throw new Error(`USER ${user}: expected a numeric uid[:gid]`);
  return { uid, gid: gid !== undefined && Number.isInteger(gid) ? gid : uid };
}

/** Where the image's `node` is here (see useNode); until then, the Node running these tests. */
let nodeExecutable = process.execPath;

/**
 * The image's `node` is the project's Node (the Dockerfile's base image matches scripts/run.sh:
 * dockerfile-sources checks it), the one running these tests. Found on PATH instead, it may be
 * an older system Node that cannot run TypeScript — which is what the image's user gets when
 * the project's toolchain folder is closed to it (a CI clone in a 0700 temp folder): so the
 * tests run a copy of it from a folder that user can read.
 */
export function useNode(path: string): void {
  nodeExecutable = path;
}

/** The executable that stands for the image's `command` here. */
export function localExecutable(command: string): string {
  return command === 'node' ? nodeExecutable : command;
}

export function startImageProcess(launch: ImageLaunch): ImageProcess {
  const [command, ...args] = launch.argv;
  if (command === undefined) throw new Error('the image has no ENTRYPOINT or CMD');
  const child = spawn(localExecutable(command), args, {
    cwd: launch.cwd,
    env: launch.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a failing test can kill it without touching anything else.
    detached: true,
    ...ids(launch.user),
  });
  let output = '';
  let partial = '';
  const lines: Record<string, unknown>[] = [];
  let ended: { code: number | string } | undefined;
  // 'close' comes after the last of its output has been read, unlike 'exit'.
  const exited = new Promise<number | string>((done) =>
    child.once('close', (code, signal) => {
      ended = { code: code ?? signal ?? -1 };
      done(ended.code);
    }),
  );
  const port = new Promise<number>((resolve, reject) => {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      output += chunk;
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const text of parts) {
        const line = parseJson(text);
        if (line === undefined) continue;
        lines.push(line);
        if (line.msg === 'starting' && typeof line.port === 'number') resolve(line.port);
      }
    });
    child.once('error', reject);
    void exited.then((how) =>
      reject(new Error(`${command} exited (${how}) before starting: ${output.slice(-2_000)}`)),
    );
  });
  // Never an unhandled rejection when a test does not ask for the port.
  port.catch(() => undefined);
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    output += chunk;
  });
  return { child, exited, ended: () => ended, port, lines, output: () => output };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** SIGKILLs the process group of each still-running process (clean-up after a failure). */
export function killAll(processes: readonly ImageProcess[]): void {
  for (const { child } of processes) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid, 'SIGKILL');
    }
  }
}
