/** Values of redis.conf's `appendfsync`: when the append-only file is fsynced. */
export type AppendFsync = 'always' | 'everysec' | 'no';

/** A Redis server that exists only for the duration of a test. */
export interface EphemeralRedis {
  /** `'process'`: a local redis-server child process; `'container'`: the testcontainers fallback. */
  readonly backend: 'process' | 'container';
  /** Connection URL, e.g. `redis://127.0.0.1:41234` (with `:password@` when one is set). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /**
   * The server's working directory (AOF, nodes.conf, `redis.log`). A fresh temporary directory
   * for a local process, kept across {@link EphemeralRedis.restart}; the path inside the
   * container for the container backend.
   */
  readonly dataDir: string;
  /** OS process id of the running server; `undefined` while it is not running or for a container. */
  readonly pid: number | undefined;
  /**
   * Shuts the server down for good: SIGTERM, SIGKILL if it has not exited within the stop
   * timeout, then removes the data directory. Idempotent; safe after `kill()`.
   */
  stop(): Promise<void>;
  /**
   * Sends `signal` (default `'SIGKILL'`) to the server and resolves once the process has exited.
   * Meant for signals that end redis-server (SIGKILL, SIGTERM, SIGINT); the data directory and
   * port are kept so {@link EphemeralRedis.restart} can bring the same server back.
   */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /**
   * Starts the server again on the same port with the same data directory and arguments, so
   * persisted data (AOF) is reloaded. A still-running server is first shut down with SIGTERM.
   * Resolves once the new process answers PING.
   */
  restart(): Promise<void>;
  /** Freezes the server with SIGSTOP: connections stay open but nothing is answered. */
  pause(): void;
  /** Thaws a paused server with SIGCONT. */
  resume(): void;
}
