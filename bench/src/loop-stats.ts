// Opt-in probes of where a process's time goes, for tail-latency work: event-loop delay
// (perf_hooks.monitorEventLoopDelay, 1 ms resolution), GC pauses (PerformanceObserver 'gc')
// and CPU time. Off unless BENCH_LOOP_STATS is set.
//   - The hop's consumer child reads them over its recorded phase (see consumer-child.ts).
//   - Any other process (the pipeline's services and raw hops) loads this file with
//     `--import` (BENCH_SERVICE_NODE_OPTIONS, see pipeline/processes.ts) and appends one JSON
//     line per window of BENCH_LOOP_STATS_WINDOW_MS (default 5 s) to
//     `$BENCH_LOOP_STATS/<entry>-<pid>.jsonl`.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export interface LoopSummary {
  readonly seconds: number;
  /** Event-loop delay (beyond the 1 ms sampling interval), ms. */
  readonly loopP50Ms: number;
  readonly loopP99Ms: number;
  readonly loopMaxMs: number;
  readonly gcCount: number;
  readonly gcMs: number;
  readonly gcMaxMs: number;
  /** Pauses over 5 ms. */
  readonly gcOver5: number;
  readonly gcMajor: number;
  /** CPU time over the window, % of one core. */
  readonly cpuPct: number;
  /** Read and write system calls over the window (Linux: /proc/self/io), per second. */
  readonly readsPerS: number;
  readonly writesPerS: number;
}

/** [syscr, syscw] of this process so far; zeros where /proc is not there. */
function syscalls(): [number, number] {
  try {
    const io = readFileSync('/proc/self/io', 'utf8');
    return [Number(io.match(/syscr: (\d+)/)?.[1] ?? 0), Number(io.match(/syscw: (\d+)/)?.[1] ?? 0)];
  } catch {
    return [0, 0];
  }
}

export interface LoopStats {
  reset(): void;
  summary(): LoopSummary;
  stop(): void;
}

export function startLoopStats(): LoopStats {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let gc = { count: 0, ms: 0, max: 0, over5: 0, major: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.ms += entry.duration;
      gc.max = Math.max(gc.max, entry.duration);
      if (entry.duration > 5) gc.over5++;
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  let since = performance.now();
  let cpu = process.cpuUsage();
  let io = syscalls();
  // The histogram holds the time between its 1 ms samples: the delay is what exceeds 1 ms.
  const ms = (ns: number) => Math.max(0, Math.round((ns - 1e6) / 1e4) / 100);
  return {
    reset() {
      delay.reset();
      gc = { count: 0, ms: 0, max: 0, over5: 0, major: 0 };
      since = performance.now();
      cpu = process.cpuUsage();
      io = syscalls();
    },
    summary() {
      const elapsedMs = performance.now() - since;
      const used = process.cpuUsage(cpu);
      const [reads, writes] = syscalls();
      return {
        seconds: Math.round(elapsedMs / 100) / 10,
        loopP50Ms: ms(delay.percentile(50)),
        loopP99Ms: ms(delay.percentile(99)),
        loopMaxMs: ms(delay.max),
        gcCount: gc.count,
        gcMs: Math.round(gc.ms),
        gcMaxMs: Math.round(gc.max * 100) / 100,
        gcOver5: gc.over5,
        gcMajor: gc.major,
        cpuPct: Math.round(((used.user + used.system) / 1000 / elapsedMs) * 1000) / 10,
        readsPerS: Math.round(((reads - io[0]) * 1000) / elapsedMs),
        writesPerS: Math.round(((writes - io[1]) * 1000) / elapsedMs),
      };
    },
    stop() {
      delay.disable();
      observer.disconnect();
    },
  };
}

export function describeLoop(summary: LoopSummary): string {
  const s = summary;
  return `loop delay p50 ${s.loopP50Ms} p99 ${s.loopP99Ms} max ${s.loopMaxMs} ms; GC ${s.gcCount} pauses ${s.gcMs} ms (max ${s.gcMaxMs}, ${s.gcOver5} > 5 ms, ${s.gcMajor} major); CPU ${s.cpuPct} % over ${s.seconds} s; ${s.readsPerS} read / ${s.writesPerS} write syscalls/s`;
}

// Loaded with --import in a process of its own: windows appended to a file.
const dir = process.env.BENCH_LOOP_STATS;
if (dir !== undefined && dir !== '' && dir !== '1' && process.argv[1] !== undefined) {
  const entry = process.argv[1];
  const name = entry.includes('/services/') ? basename(dirname(dirname(entry))) : basename(entry, '.ts');
  const stats = startLoopStats();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${process.pid}.jsonl`);
  const windowMs = Number(process.env.BENCH_LOOP_STATS_WINDOW_MS ?? 5_000);
  const dump = () => {
    appendFileSync(file, `${JSON.stringify({ name, at: Date.now(), ...stats.summary() })}\n`);
    stats.reset();
  };
  setInterval(dump, windowMs).unref();
  process.once('exit', dump);
}
