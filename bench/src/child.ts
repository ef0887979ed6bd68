// The parent's handle on a consumer child process (consumer-child.ts).
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { SERVICE_NODE_FLAGS } from '@tickflow/testkit';

export interface ChildConfig {
  readonly mode: 'project' | 'raw';
  readonly url: string;
  readonly namespace: string;
  readonly group: string;
  /** Busy time per event in the handler, µs (0: none). */
  readonly handlerUs: number;
  /**
   * The tracing scenario: OTEL_* variables the child starts tracing from, as a service would
   * (none: no tracing set up at all, as in every other scenario).
   */
  readonly otel?: Record<string, string>;
}

export type ChildRequest = { cmd: 'report'; latencies?: boolean } | { cmd: 'record' } | { cmd: 'stop' };

export interface ChildReport {
  readonly type: 'ready' | 'report' | 'stopped';
  readonly handled: number;
  /** Epoch ms of the last handler call. */
  readonly lastAtMs: number;
  /** Highest RSS sampled (every 100 ms), bytes. */
  readonly maxRss: number;
  readonly latenciesUs?: number[];
  /** CPU used by the child since the last `record`, µs (with latencies). */
  readonly cpuUs?: number;
  /** With BENCH_LOOP_STATS / BENCH_HOP_SPLIT: what the probes saw over the recorded phase. */
  readonly probes?: string[];
}

export interface ConsumerChild {
  report(latencies?: boolean): Promise<ChildReport>;
  /** Starts (or restarts) recording latencies. */
  record(): Promise<ChildReport>;
  stop(): Promise<ChildReport>;
}

const STOP_TIMEOUT_MS = 15_000;

/** Forks a consumer child and resolves once it owns every partition. */
export async function startConsumerChild(config: ChildConfig): Promise<ConsumerChild> {
  // Both sides' consumers run with the flags a service runs with; BENCH_CHILD_EXEC_ARGV overrides.
  const execArgv = process.env.BENCH_CHILD_EXEC_ARGV?.split(' ').filter(Boolean) ?? [...SERVICE_NODE_FLAGS];
  const child = fork(join(import.meta.dirname, 'consumer-child.ts'), [JSON.stringify(config)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv,
  });
  const waiting: { resolve: (report: ChildReport) => void; reject: (error: Error) => void }[] = [];
  child.on('message', (report: ChildReport) => waiting.shift()?.resolve(report));
  child.on('exit', (code) => {
    for (const waiter of waiting.splice(0)) waiter.reject(new Error(`consumer child exited (${code})`));
  });
  const next = () => new Promise<ChildReport>((resolve, reject) => waiting.push({ resolve, reject }));
  const request = (req: ChildRequest) => {
    const reply = next();
    child.send(req);
    return reply;
  };
  try {
    await next();
  } catch (error) {
    child.kill();
    throw error;
  }
  return {
    report: (latencies = false) => request({ cmd: 'report', latencies }),
    record: () => request({ cmd: 'record' }),
    stop: () => stopChild(child, request({ cmd: 'stop' })),
  };
}

async function stopChild(child: ChildProcess, stopped: Promise<ChildReport>): Promise<ChildReport> {
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  try {
    return await stopped;
  } finally {
    clearTimeout(timer);
  }
}
