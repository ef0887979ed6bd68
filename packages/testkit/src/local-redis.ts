import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { AppendFsync, EphemeralRedis } from './ephemeral-redis-types.ts';
import { RedisStartError, RedisStateError, WaitTimeoutError } from './errors.ts';
import { claimFreePort, releasePort } from './free-port.ts';
import { trackDir, untrackDir } from './process-registry.ts';
import {
  exitedWithin,
  type RedisProcess,
  type RedisProcessSpec,
  spawnRedisProcess,
  terminateRedisProcess,
} from './redis-process.ts';

/** Everything needed to run one local redis-server; every field already defaulted. */
export interface LocalRedisConfig {
  readonly binary: string;
  readonly host: string;
  readonly appendonly: boolean;
  readonly appendfsync: AppendFsync | undefined;
  readonly password: string | undefined;
  /** The ACL user of `password` (defined by extraArgs); unset: requirepass for the default user. */
  readonly username?: string | undefined;
  readonly extraArgs: readonly string[];
  readonly startTimeoutMs: number;
  readonly stopTimeoutMs: number;
  /** Set for a cluster node: enables cluster mode with a bus port of its own. */
  readonly cluster: { readonly nodeTimeoutMs: number } | undefined;
}

// File names inside the data directory.
const LOG_FILE_NAME = 'redis.log';
const CONSOLE_FILE_NAME = 'redis.console.log';

// Picking a port and binding it are two steps; another process may take the port in between.
const MAX_PORT_ATTEMPTS = 5;
const RESTART_RETRY_DELAY_MS = 100;

interface Ports {
  readonly port: number;
  readonly busPort: number | undefined;
}

/**
 * Starts a redis-server child process on free ports with a fresh temporary data directory and
 * returns a handle with fault injection. Used by startEphemeralRedis and startRedisCluster.
 *
 * @throws {RedisStartError} when the server does not come up (after retrying port races).
 */
export async function startLocalRedis(config: LocalRedisConfig): Promise<EphemeralRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'tickflow-redis-'));
  trackDir(dir);
  let started: { readonly ports: Ports; readonly proc: RedisProcess } | undefined;
  try {
    started = await startOnFreshPorts(config, dir);
  } finally {
    if (started === undefined) {
      untrackDir(dir);
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    }
  }
  return createHandle(config, dir, started.ports, started.proc);
}

async function startOnFreshPorts(
  config: LocalRedisConfig,
  dir: string,
): Promise<{ readonly ports: Ports; readonly proc: RedisProcess }> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await claimFreePort(config.host);
    const busPort = config.cluster === undefined ? undefined : await claimFreePort(config.host);
    const ports = { port, busPort };
    try {
      return { ports, proc: await spawnRedisProcess(buildSpec(config, dir, ports, config.startTimeoutMs)) };
    } catch (error) {
      releasePorts(ports);
      if (!(error instanceof RedisStartError && error.addressInUse) || attempt >= MAX_PORT_ATTEMPTS) {
        throw error;
      }
    }
  }
}

function createHandle(
  config: LocalRedisConfig,
  dir: string,
  ports: Ports,
  firstProcess: RedisProcess,
): EphemeralRedis {
  const { host } = config;
  const { port } = ports;
  let current: RedisProcess = firstProcess;
  let paused = false;
  let stopping: Promise<void> | undefined;
  let restarting: Promise<void> | undefined;

  function assertNotStopped(action: string): void {
    if (stopping !== undefined) {
      throw new RedisStateError(`Cannot ${action}: the redis-server on port ${port} was stopped`);
    }
  }
  function runningProcess(action: string): RedisProcess {
    assertNotStopped(action);
    if (current.hasExited()) {
      throw new RedisStateError(
        `Cannot ${action}: the redis-server on port ${port} is not running (call restart() first)`,
      );
    }
    return current;
  }

  async function restartNow(): Promise<void> {
    await terminateRedisProcess(current, { graceMs: config.stopTimeoutMs, paused });
    paused = false;
    // Same port: clients and cluster peers must find the server where it was. The port is
    // normally free again at once; retry briefly in case something grabbed it meanwhile.
    const deadline = performance.now() + config.startTimeoutMs;
    for (;;) {
      const remaining = Math.max(1, deadline - performance.now());
      try {
        current = await spawnRedisProcess(buildSpec(config, dir, ports, remaining));
        return;
      } catch (error) {
        if (!(error instanceof RedisStartError && error.addressInUse) || performance.now() >= deadline) {
          throw error;
        }
        await delay(RESTART_RETRY_DELAY_MS);
      }
    }
  }

  return {
    backend: 'process',
    url: redisUrl(host, port, config.password, config.username),
    host,
    port,
    dataDir: dir,
    get pid(): number | undefined {
      return current.hasExited() ? undefined : current.pid;
    },
    stop(): Promise<void> {
      stopping ??= (async () => {
        await restarting?.catch(() => undefined);
        await terminateRedisProcess(current, { graceMs: config.stopTimeoutMs, paused });
        releasePorts(ports);
        await rm(dir, { recursive: true, force: true, maxRetries: 3 });
        untrackDir(dir);
      })();
      return stopping;
    },
    async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
      const proc = runningProcess(`kill(${signal})`);
      proc.child.kill(signal);
      if (paused && signal !== 'SIGKILL') {
        // A stopped process acts on other signals only once continued.
        proc.child.kill('SIGCONT');
      }
      paused = false;
      if (!(await exitedWithin(proc, config.stopTimeoutMs))) {
        throw new WaitTimeoutError(
          `redis-server pid ${proc.pid} did not exit within ${config.stopTimeoutMs} ms of ${signal}`,
          {
            description: `exit after ${signal}`,
            timeoutMs: config.stopTimeoutMs,
            attempts: 1,
            lastValue: undefined,
          },
        );
      }
    },
    async restart(): Promise<void> {
      assertNotStopped('restart');
      // Concurrent calls share one restart instead of racing for the port.
      restarting ??= restartNow().finally(() => {
        restarting = undefined;
      });
      return restarting;
    },
    pause(): void {
      runningProcess('pause').child.kill('SIGSTOP');
      paused = true;
    },
    resume(): void {
      runningProcess('resume').child.kill('SIGCONT');
      paused = false;
    },
  };
}

function buildSpec(
  config: LocalRedisConfig,
  dir: string,
  ports: Ports,
  startTimeoutMs: number,
): RedisProcessSpec {
  const logFile = join(dir, LOG_FILE_NAME);
  const args = [
    '--port',
    String(ports.port),
    '--bind',
    config.host,
    '--dir',
    dir,
    '--daemonize',
    'no',
    // No RDB snapshots: persistence, when wanted, is the AOF, and snapshots would fork.
    '--save',
    '',
    '--logfile',
    logFile,
    '--appendonly',
    config.appendonly ? 'yes' : 'no',
  ];
  if (config.appendfsync !== undefined) {
    args.push('--appendfsync', config.appendfsync);
  }
  if (config.password !== undefined && config.username === undefined) {
    args.push('--requirepass', config.password);
  }
  if (config.cluster !== undefined && ports.busPort !== undefined) {
    // An explicit bus port (Redis >= 7): the default, port + 10000, may be taken or exceed 65535.
    args.push(
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      'nodes.conf',
      '--cluster-node-timeout',
      String(config.cluster.nodeTimeoutMs),
      '--cluster-port',
      String(ports.busPort),
    );
  }
  args.push(...config.extraArgs);
  return {
    binary: config.binary,
    host: config.host,
    port: ports.port,
    dir,
    args,
    password: config.password,
    username: config.username,
    logFile,
    consoleFile: join(dir, CONSOLE_FILE_NAME),
    startTimeoutMs,
  };
}

function releasePorts(ports: Ports): void {
  releasePort(ports.port);
  if (ports.busPort !== undefined) {
    releasePort(ports.busPort);
  }
}

/** Builds `redis://[[username]:password@]host:port`. */
export function redisUrl(host: string, port: number, password: string | undefined, username = ''): string {
  const auth =
    password === undefined ? '' : `${encodeURIComponent(username)}:${encodeURIComponent(password)}@`;
  return `redis://${auth}${host}:${port}`;
}
