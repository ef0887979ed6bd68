// The causal chain of an event: up through its causes to the tick that started it, then
// down from there to everything that tick caused — so asking from a fill or from its tick
// gives the same tree. A whole chain has one symbol, so it lives in one partition of each
// type, and each step is a bounded search of one stream near the time of its neighbour:
// - a cause: in the earlier types' streams, around its own time if its id is a UUIDv7, else
//   back from the child's append time (a cause is appended before what it causes);
// - what was caused: per later type (signal, order, fill), one forward scan of its stream
//   from the earliest event found so far, keeping entries whose `cause` is in the chain —
//   an order's fills and the router's fills derived straight from the signal alike.
import { EVENT_TYPES, type EventType, partitionKeys } from '@tickflow/events';
import type { RedisClient, StoredEvent } from '@tickflow/streams';
import { appendMsOf, MAX_SEQ } from '../entry-ids.ts';
import { NotFoundError } from '../errors.ts';
import type { Scope } from '../scope.ts';
import { fieldOf } from '../selection/redis-replies.ts';
import { type ChainNode, chainNodes } from './chain-tree.ts';
import { type EntrySearch, type SearchTarget, searchEntries } from './entry-search.ts';
import { findEvent, uuidV7Ms, V7_WINDOW } from './find-event.ts';

export interface CausalChain {
  /** The id asked for. */
  readonly focusId: string;
  /** The topmost event found: the tick, unless a cause could not be found. */
  readonly rootId: string;
  /** Root first, then depth first, siblings in append order. */
  readonly nodes: readonly ChainNode[];
  /** The root's cause when it has one that was not found (trimmed, or past the search bounds). */
  readonly missingCause: string | undefined;
  /** False when a search stopped at its bound: more of the chain may exist. */
  readonly complete: boolean;
}

export interface CausalChainOptions {
  /** Hints for finding the event asked for (see findEvent). */
  readonly type?: EventType | undefined;
  readonly symbol?: string | undefined;
  /** Most entries one step's search scans. Default 20,000. */
  readonly maxScannedPerSearch?: number | undefined;
  /** How long after its cause an event is looked for (and before it, a cause), ms. Default 60,000. */
  readonly horizonMs?: number | undefined;
}

/** Appends of different Redis Cluster nodes may disagree by this much. */
const CLOCK_SLACK_MS = 1_000;

/** Throws NotFoundError when no event has this id; BadInputError for a bad id or hint. */
export async function causalChain(
  redis: RedisClient,
  scope: Scope,
  id: string,
  options: CausalChainOptions = {},
): Promise<CausalChain> {
  const maxScanned = options.maxScannedPerSearch ?? 20_000;
  const horizonMs = options.horizonMs ?? 60_000;
  const focus = await findEvent(redis, scope, id, { type: options.type, symbol: options.symbol });
  if (!focus) throw new NotFoundError(`no event ${id} in namespace ${scope.namespace}`);
  const streamOf = (type: EventType): SearchTarget => ({
    stream: partitionKeys(scope.namespace, type, focus.partition).stream,
    partition: focus.partition,
  });
  const found = new Map<string, StoredEvent>([[focus.event.id, focus]]);
  let complete = true;

  let root = focus;
  let missingCause: string | undefined;
  for (let cause = root.event.cause; cause !== undefined; cause = root.event.cause) {
    const earlier = EVENT_TYPES.slice(0, Math.max(1, EVENT_TYPES.indexOf(root.event.type)));
    const parent = await findCause(redis, earlier.map(streamOf), cause, root, maxScanned, horizonMs);
    if (!parent || found.has(parent.event.id)) {
      missingCause = parent ? undefined : cause;
      break;
    }
    found.set(parent.event.id, parent);
    root = parent;
  }

  for (const type of EVENT_TYPES.slice(EVENT_TYPES.indexOf(root.event.type) + 1)) {
    const appended = [...found.values()].map((stored) => appendMsOf(stored.entryId));
    const causes = new Set(found.keys());
    const result = await searchEntries(redis, [streamOf(type)], {
      direction: 'forward',
      low: `${Math.max(0, Math.min(...appended) - CLOCK_SLACK_MS)}-0`,
      high: `${Math.max(...appended) + horizonMs}-${MAX_SEQ}`,
      wanted: (fields) => causes.has(fieldOf(fields, 'cause') ?? ''),
      first: false,
      maxScanned,
    });
    complete &&= result.complete;
    for (const stored of result.found) found.set(stored.event.id, stored);
  }

  return {
    focusId: focus.event.id,
    rootId: root.event.id,
    nodes: chainNodes(found, root.event.id),
    missingCause,
    complete: complete && missingCause === undefined,
  };
}

async function findCause(
  redis: RedisClient,
  targets: SearchTarget[],
  cause: string,
  child: StoredEvent,
  maxScanned: number,
  horizonMs: number,
): Promise<StoredEvent | undefined> {
  const wanted = (fields: readonly string[]) => fieldOf(fields, 'id') === cause;
  const madeMs = uuidV7Ms(cause);
  const search: Omit<EntrySearch, 'direction' | 'low' | 'high'> = { wanted, first: true, maxScanned };
  if (madeMs !== undefined) {
    const low = `${Math.max(0, madeMs - V7_WINDOW.beforeMs)}-0`;
    const high = `${madeMs + V7_WINDOW.afterMs}-${MAX_SEQ}`;
    const near = await searchEntries(redis, targets, { ...search, direction: 'forward', low, high });
    if (near.found[0]) return near.found[0];
  }
  const childMs = appendMsOf(child.entryId);
  const back = await searchEntries(redis, targets, {
    ...search,
    direction: 'backward',
    low: `${Math.max(0, childMs - horizonMs)}-0`,
    high: `${childMs + CLOCK_SLACK_MS}-${MAX_SEQ}`,
  });
  return back.found[0];
}
