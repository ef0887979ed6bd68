// The hop times of one fill's causal chain, from append times (ms, Redis' clock), and their
// percentiles over a sample. The order router derives a fill from the signal, not from the
// order (the order is the fill's sibling): the order→fill hop is then measured from the
// order the fill executes (same order_id), so the hops still add up to tick→fill.
import type { CausalChain } from '../query/causal-chain.ts';
import type { ChainNode } from '../query/chain-tree.ts';
import type { HopLatency, LatencyHop } from './snapshot.ts';

export type FillHops = Partial<Record<LatencyHop, number>>;

/** The hops measurable in `chain` for the fill `fillId`; empty when the fill is not in it. */
export function fillHops(chain: CausalChain, fillId: string): FillHops {
  const byId = new Map(chain.nodes.map((node) => [node.id, node]));
  const fill = byId.get(fillId);
  if (fill?.event.type !== 'fill') return {};
  const orderId = fill.event.data.order_id;
  const ancestors: ChainNode[] = [];
  for (let node = byId.get(fill.parentId ?? ''); node; node = byId.get(node.parentId ?? ''))
    ancestors.push(node);
  const tick = ancestors.find((node) => node.type === 'market_data');
  const signal = ancestors.find((node) => node.type === 'signal');
  const order =
    ancestors.find((node) => node.type === 'order') ??
    chain.nodes.find((node) => node.event.type === 'order' && node.event.data.order_id === orderId);

  const hops: FillHops = {};
  const between = (hop: LatencyHop, from: ChainNode | undefined, to: ChainNode | undefined) => {
    if (from && to) hops[hop] = to.appendMs - from.appendMs;
  };
  between('tick→signal', tick, signal);
  between('signal→order', signal, order);
  between('order→fill', order, fill);
  between('tick→fill', tick, fill);
  return hops;
}

/** p50 and p99 (nearest rank) of each hop over the sample; hops no sample has are left out. */
export function hopPercentiles(samples: readonly FillHops[]): Partial<Record<LatencyHop, HopLatency>> {
  const values = new Map<LatencyHop, number[]>();
  for (const sample of samples)
    for (const [hop, ms] of Object.entries(sample) as [LatencyHop, number][])
      values.set(hop, [...(values.get(hop) ?? []), ms]);
  const summary: Partial<Record<LatencyHop, HopLatency>> = {};
  for (const [hop, list] of values) {
    const sorted = list.toSorted((a, b) => a - b);
    summary[hop] = { p50Ms: nearestRank(sorted, 0.5), p99Ms: nearestRank(sorted, 0.99) };
  }
  return summary;
}

function nearestRank(sorted: readonly number[], quantile: number): number {
  return sorted[Math.max(0, Math.ceil(quantile * sorted.length) - 1)] as number;
}
