// The events of one causal chain as a tree in reading order: the root first, each event
// followed by what it caused (depth first, siblings in append order), each with the latency
// of the hop from its cause in both clocks.
import { type AnyEvent, EVENT_TYPES, type EventType } from '@tickflow/events';
import type { StoredEvent } from '@tickflow/streams';
import { appendMsOf, compareEntryIds } from '../entry-ids.ts';

/** The latency from an event's cause to it. */
export interface ChainHop {
  /** ts_event minus the cause's ts_event, ns. */
  readonly eventNs: bigint;
  /** Append time minus the cause's append time, ms (Redis' clock). */
  readonly appendMs: number;
}

export interface ChainNode {
  readonly id: string;
  readonly type: EventType;
  readonly stream: string;
  readonly partition: number;
  readonly entryId: string;
  /** ts_event, ns since the epoch. */
  readonly tsEventNs: bigint;
  /** When Redis appended it, ms since the epoch. */
  readonly appendMs: number;
  /** Its cause, when that is in the chain; undefined for the root. */
  readonly parentId: string | undefined;
  /** 0 for the root, 1 for what the root caused, … */
  readonly depth: number;
  /** From its parent; undefined for the root. */
  readonly hop: ChainHop | undefined;
  readonly event: AnyEvent;
}

/** The tree under `rootId` of the found events, depth first; events not under it are left out. */
export function chainNodes(found: ReadonlyMap<string, StoredEvent>, rootId: string): ChainNode[] {
  const children = new Map<string, StoredEvent[]>();
  for (const stored of found.values()) {
    const cause = stored.event.cause;
    if (cause === undefined || stored.event.id === rootId || !found.has(cause)) continue;
    children.set(cause, [...(children.get(cause) ?? []), stored]);
  }
  const nodes: ChainNode[] = [];
  const visit = (stored: StoredEvent, parent: ChainNode | undefined): void => {
    const node = nodeOf(stored, parent);
    nodes.push(node);
    const mine = (children.get(node.id) ?? []).toSorted(inAppendOrder);
    for (const child of mine) visit(child, node);
  };
  const root = found.get(rootId);
  if (root) visit(root, undefined);
  return nodes;
}

function nodeOf(stored: StoredEvent, parent: ChainNode | undefined): ChainNode {
  const { event } = stored;
  const appendMs = appendMsOf(stored.entryId);
  return {
    id: event.id,
    type: event.type,
    stream: stored.stream,
    partition: stored.partition,
    entryId: stored.entryId,
    tsEventNs: event.ts_event,
    appendMs,
    parentId: parent?.id,
    depth: parent ? parent.depth + 1 : 0,
    hop: parent
      ? { eventNs: event.ts_event - parent.tsEventNs, appendMs: appendMs - parent.appendMs }
      : undefined,
    event,
  };
}

function inAppendOrder(a: StoredEvent, b: StoredEvent): number {
  return (
    compareEntryIds(a.entryId, b.entryId) ||
    EVENT_TYPES.indexOf(a.event.type) - EVENT_TYPES.indexOf(b.event.type)
  );
}
