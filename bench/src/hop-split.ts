// Opt-in (BENCH_HOP_SPLIT=1): where an event's publish → handler time goes, in the hop's
// consumer child, both sides alike. Every ioredis command of the process is watched (its
// send → reply time, by command name), and the entries of each XREADGROUP reply are stamped
// with the time the reply was parsed. Per recorded event, three parts:
//   publish → append: the entry id's time (Redis' clock, whole ms) − ts_init;
//   append → read reply: the reply's time − the entry id's time;
//   read reply → handler: the handler's start − the reply's time (decoding the entries
//     before it in the batch, handlers, the event loop's other work).
// The entry id is whole ms, so the first part reads up to 1 ms low and the second as high.
import { PerformanceObserver } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { epochMs, quantile } from './stats.ts';

interface WatchedCommand {
  readonly name: string;
  readonly promise: Promise<unknown>;
}

const replyAtMs = new Map<string, number>();
const roundTripsMs = new Map<string, number[]>();
/** Entries per non-empty XREADGROUP reply. */
let readSizes: number[] = [];
let emptyReads = 0;
let recording = false;
interface Parts {
  publish: number;
  append: number;
  handler: number;
  total: number;
  /** Epoch ms of the append (entry id) and of the read reply. */
  appendAt: number;
  replyAt: number;
}
let parts: Parts[] = [];
// The consumer's own timeline while recording: when a 1 ms timer ran (gaps = the event loop
// did not run: GC, a long task, or the process not scheduled), and its GC pauses.
let ticks: number[] = [];
/** CPU time of the process (µs, all threads) at each tick. */
let cpuAt: number[] = [];
let pauses: [start: number, end: number][] = [];
let ticker: NodeJS.Timeout | undefined;
const gcObserver = new PerformanceObserver((list) => {
  if (!recording) return;
  for (const entry of list.getEntries()) {
    const start = performance.timeOrigin + entry.startTime;
    pauses.push([start, start + entry.duration]);
  }
});

export function watchCommands(): void {
  const prototype = Redis.prototype as unknown as {
    sendCommand(command: WatchedCommand, stream?: unknown): unknown;
  };
  const original = prototype.sendCommand;
  prototype.sendCommand = function (this: Redis, command: WatchedCommand, stream?: unknown) {
    const sentAt = epochMs();
    const name = command.name.toLowerCase();
    command.promise.then(
      (reply) => {
        const at = epochMs();
        if (recording) {
          const list = roundTripsMs.get(name) ?? [];
          if (list.length === 0) roundTripsMs.set(name, list);
          list.push(at - sentAt);
        }
        if (name === 'xreadgroup') stampEntries(reply, at);
      },
      () => undefined,
    );
    return original.call(this, command, stream);
  };
}

function stampEntries(reply: unknown, at: number): void {
  if (reply === null || reply === undefined) {
    if (recording) emptyReads++;
    return;
  }
  const streams: unknown[] = reply instanceof Map ? [...reply.values()] : Array.isArray(reply) ? reply : [];
  let count = 0;
  for (const item of streams) {
    // RESP2: [stream, entries] pairs; RESP3 flattened: stream, entries, ...
    const entries =
      Array.isArray(item) && typeof item[0] === 'string' && Array.isArray(item[1]) ? item[1] : item;
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (Array.isArray(entry) && typeof entry[0] === 'string') {
        replyAtMs.set(entry[0], at);
        count++;
      }
    }
  }
  if (recording) {
    if (count > 0) readSizes.push(count);
    else emptyReads++;
  }
}

/** Called at the handler's start. */
export function split(entryId: string, tsInitNs: bigint): void {
  const at = replyAtMs.get(entryId);
  replyAtMs.delete(entryId);
  if (!recording || at === undefined) return;
  const now = epochMs();
  const initMs = Number(tsInitNs / 1000n) / 1000;
  const appendMs = Number(entryId.slice(0, entryId.indexOf('-')));
  parts.push({
    publish: appendMs - initMs,
    append: at - appendMs,
    handler: now - at,
    total: now - initMs,
    appendAt: appendMs,
    replyAt: at,
  });
}

export function recordSplit(): void {
  recording = true;
  parts = [];
  readSizes = [];
  emptyReads = 0;
  roundTripsMs.clear();
  ticks = [];
  cpuAt = [];
  pauses = [];
  if (ticker === undefined) {
    gcObserver.observe({ entryTypes: ['gc'] });
    ticker = setInterval(() => {
      ticks.push(epochMs());
      const { user, system } = process.cpuUsage();
      cpuAt.push(user + system);
    }, 1);
    ticker.unref();
  }
}

/**
 * Of [from, to]: ms in which the event loop did not run (gaps between 1 ms ticks beyond
 * 1.5 ms); of those, in GC pauses, and the share the process had no CPU at all (gap − CPU
 * used in it: not scheduled).
 */
function stalled(from: number, to: number): { loop: number; gc: number; unscheduled: number } {
  let loop = 0;
  let unscheduled = 0;
  let lo = 0;
  let hi = ticks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ticks[mid] as number) < from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = Math.max(1, lo); i < ticks.length; i++) {
    const start = ticks[i - 1] as number;
    const end = ticks[i] as number;
    if (start > to) break;
    if (end - start <= 1.5) continue;
    const overlap = Math.max(0, Math.min(end, to) - Math.max(start, from));
    loop += overlap;
    const cpuMs = ((cpuAt[i] as number) - (cpuAt[i - 1] as number)) / 1000;
    unscheduled += overlap * Math.max(0, 1 - cpuMs / (end - start));
  }
  let gc = 0;
  for (const [start, end] of pauses) gc += Math.max(0, Math.min(end, to) - Math.max(start, from));
  return { loop, gc, unscheduled };
}

/** p50/p99 of each part, what they add up to in the events past the p99, and round trips. */
export function describeSplit(): string[] {
  const fmt = (v: number) => v.toFixed(2);
  const of = (key: keyof (typeof parts)[number]) => parts.map((p) => p[key]);
  const p99 = quantile(of('total'), 0.99);
  const tail = parts.filter((p) => p.total >= p99);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  const lines = [
    `split over ${parts.length} events (ms): ` +
      (['publish', 'append', 'handler', 'total'] as const)
        .map((key) => `${key} p50 ${fmt(quantile(of(key), 0.5))} p99 ${fmt(quantile(of(key), 0.99))}`)
        .join('; '),
    `the ${tail.length} events at or past the p99 (${fmt(p99)} ms), mean: publish→append ${fmt(mean(tail.map((p) => p.publish)))}, append→read reply ${fmt(mean(tail.map((p) => p.append)))}, read reply→handler ${fmt(mean(tail.map((p) => p.handler)))}`,
    (() => {
      const waits = tail.map((p) => ({ wait: p.append, ...stalled(p.appendAt, p.replyAt) }));
      return `the same events' append→read reply, mean ${fmt(mean(waits.map((w) => w.wait)))} ms: the consumer's event loop not running ${fmt(mean(waits.map((w) => w.loop)))} (of which GC pauses ${fmt(mean(waits.map((w) => w.gc)))}, the process without CPU ${fmt(mean(waits.map((w) => w.unscheduled)))}), the rest with the loop running`;
    })(),
    `reads: ${readSizes.length} non-empty (entries p50 ${quantile(readSizes, 0.5)} p99 ${quantile(readSizes, 0.99)} mean ${fmt(mean(readSizes))}), ${emptyReads} empty`,
    `round trips (ms): ${[...roundTripsMs.entries()]
      .filter(([name]) => name !== 'xreadgroup')
      .map(
        ([name, ms]) => `${name} ×${ms.length} p50 ${fmt(quantile(ms, 0.5))} p99 ${fmt(quantile(ms, 0.99))}`,
      )
      .join('; ')}`,
  ];
  return lines;
}
