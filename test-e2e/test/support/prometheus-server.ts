// A real Prometheus (Debian's package) for a test: a server on a free loopback port with its
// data in a temporary folder, stopped by its PID, and promtool runs. The testkit finds the
// binaries; a missing one fails the test with how to install it, never skips it.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@tickflow/testkit';
import { findTool } from '@tickflow/testkit/metrics';

/** Runs promtool with `args` in `cwd`; its exit code and output. */
export function promtool(args: readonly string[], cwd: string): { status: number; output: string } {
  const result = spawnSync(findTool('promtool'), args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

export interface PrometheusServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly pid: number;
  /** Everything it wrote (its log). */
  output(): string;
  /** SIGTERM by PID, SIGKILL if it has not exited within 10 s; removes its data folder. */
  stop(): Promise<void>;
}

const START_ATTEMPTS = 3;

/** Starts Prometheus on `configFile` and resolves once /-/ready answers 200. */
export async function startPrometheus(configFile: string): Promise<PrometheusServer> {
  const binary = findTool('prometheus');
  let lastError: unknown;
  // The port is free when probed but another process can take it before Prometheus binds it.
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt += 1) {
    const server = launch(binary, configFile, await freeLoopbackPort());
    // Its exit ends the wait at once, with its log, rather than at the deadline.
    const exited = new AbortController();
    server.child.once('close', () => exited.abort(new ExitedError(server.output())));
    try {
      await waitFor(async () => (await fetch(`${server.url}/-/ready`)).ok, {
        timeoutMs: 30_000,
        intervalMs: 100,
        description: 'Prometheus to be ready',
        signal: exited.signal,
      });
      return server;
    } catch (error) {
      lastError = error;
      await server.stop();
      if (!(error instanceof ExitedError && /address already in use/.test(error.message))) break;
    }
  }
  throw lastError;
}

class ExitedError extends Error {
  constructor(output: string) {
    super(`prometheus exited before it was ready:\n${output.slice(-3_000)}`);
  }
}

interface Launched extends PrometheusServer {
  readonly child: ChildProcess;
}

function launch(binary: string, configFile: string, port: number): Launched {
  const data = mkdtempSync(join(tmpdir(), 'tickflow-prometheus-'));
  const child = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // No console templates or libraries from /etc: the test's Prometheus reads only its config.
      '--web.console.templates=',
      '--web.console.libraries=',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${binary} did not start`);
  // The last resort if the test process ends without stop(): a Prometheus must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    pid,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, 'SIGTERM');
        const timer = setTimeout(() => process.kill(pid, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      process.removeListener('exit', killOnExit);
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** A port free on 127.0.0.1 right now (listen on port 0, read it, close). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
