// What order-router wrote, per output partition stream in append order, as comparable views
// (everything but ts_init, the wall-clock time of creation), and the checks a rollout must
// pass against its input: per-symbol order, every output once, none caused by an unknown input.
import type { SignalEvent } from '@tickflow/events';
import { readEvents } from '@tickflow/streams';
import type { Redis } from 'ioredis';

export interface OutputView {
  readonly id: string;
  readonly type: string;
  readonly ts_event: bigint;
  readonly cause: string | undefined;
  readonly symbol: string;
  readonly data: unknown;
}

/** Orders and fills, by type and partition (`order:<p>`, `fill:<p>`), each in its append order. */
export async function routerOutputs(
  redis: Redis,
  namespace: string,
  partitions: number,
): Promise<Map<string, OutputView[]>> {
  const byStream = new Map<string, OutputView[]>();
  for (const type of ['order', 'fill'] as const) {
    // Type and partition, not the stream key (it holds the namespace), so two namespaces'
    // outputs compare equal.
    for await (const { partition, event } of readEvents(redis, { namespace, type, partitions })) {
      if (event.type !== 'order' && event.type !== 'fill') continue;
      const key = `${type}:${partition}`;
      const views = byStream.get(key) ?? [];
      views.push({
        id: event.id,
        type: event.type,
        ts_event: event.ts_event,
        cause: event.cause,
        symbol: event.data.symbol,
        data: event.data,
      });
      byStream.set(key, views);
    }
  }
  return byStream;
}

/** Problems with the outputs against the input: an empty list when every check passes. */
export function outputProblems(outputs: Map<string, OutputView[]>, input: readonly SignalEvent[]): string[] {
  const problems: string[] = [];
  const position = new Map(input.map((signal, index) => [signal.id, index]));
  const all = [...outputs.values()].flat();
  const seen = new Set<string>();
  for (const view of all) {
    if (seen.has(view.id)) problems.push(`${view.type} ${view.id} stored twice`);
    seen.add(view.id);
    if (view.cause === undefined || !position.has(view.cause))
      problems.push(`${view.type} ${view.id} caused by ${view.cause}, not an input signal`);
  }
  // Per symbol, in each output stream: causes never go back in input order.
  for (const [stream, views] of outputs) {
    const last = new Map<string, number>();
    for (const view of views) {
      const at = position.get(view.cause ?? '') ?? -1;
      const before = last.get(view.symbol) ?? -1;
      if (at < before)
        problems.push(`${stream}: ${view.symbol}'s output of signal #${at} after one of signal #${before}`);
      last.set(view.symbol, at);
    }
  }
  return problems;
}
