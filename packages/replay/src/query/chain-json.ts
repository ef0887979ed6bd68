// A causal chain as plain JSON for the API and the CLI: each node's event as eventToJson
// gives it (bigints as strings), the hops' bigints as strings.
import { type EventJson, eventToJson } from '../event-json.ts';
import type { CausalChain } from './causal-chain.ts';
import type { ChainNode } from './chain-tree.ts';

export type ChainNodeJson = Omit<ChainNode, 'event' | 'tsEventNs' | 'hop'> & {
  readonly tsEventNs: string;
  readonly hop: { readonly eventNs: string; readonly appendMs: number } | undefined;
  readonly event: EventJson;
};

export type CausalChainJson = Omit<CausalChain, 'nodes'> & { readonly nodes: readonly ChainNodeJson[] };

export function chainToJson(chain: CausalChain): CausalChainJson {
  return {
    ...chain,
    nodes: chain.nodes.map((node) => ({
      ...node,
      tsEventNs: node.tsEventNs.toString(),
      hop:
        node.hop === undefined
          ? undefined
          : { eventNs: node.hop.eventNs.toString(), appendMs: node.hop.appendMs },
      event: eventToJson({
        stream: node.stream,
        partition: node.partition,
        entryId: node.entryId,
        event: node.event,
      }),
    })),
  };
}
