// What the scenario needs from either side of the comparison: the project's four services,
// or the raw ioredis chain doing the same kind of Redis work.
import type { ExpectedGroups } from './backlog.ts';
import type { SideLatencies } from './latency.ts';

export interface PipelineSide {
  readonly name: 'project' | 'raw';
  /** The namespace its streams are in. */
  readonly namespace: string;
  /** The groups on its streams once it is up (see groupsReady). */
  readonly groups: ExpectedGroups;
  /** Appends `count` ticks at `ratePerS` (the `run`-th feed of this side); resolves once all are in. */
  feed(ratePerS: number, count: number, run: number): Promise<void>;
  /** Tick→fill latencies (and by stage, where it can tell), ms, of the ticks appended from `fromMs` on. */
  latencies(fromMs: number): Promise<SideLatencies>;
  /**
   * CPU used so far by the processes doing the side's work, ms (the running ones, plus the
   * feeds that have exited); undefined where the platform does not tell (see proc-cpu.ts).
   */
  cpuMs?(): number | undefined;
  /** Stops its processes; rejects if one of them failed. */
  stop(): Promise<void>;
}
