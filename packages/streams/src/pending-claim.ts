// Taking over what is pending in a partition's group: every entry delivered and not acked
// (the previous owner's, or ours from before an outage) is claimed with XAUTOCLAIM, its
// cursor carried to the end of the pending list, and handed to `handle` in id order, a
// batch at a time, before any new entry is read. Entries trimmed away while pending (Redis
// drops them from the pending list as it claims) are handed over too, without fields, so
// they are recorded in the dead-letter stream.
import type { PartitionKeys } from '@tickflow/events';
import type { Settled } from './fenced-call.ts';
import type { ResolvedConsumerOptions } from './options.ts';
import type { PartitionPermits } from './partition-permits.ts';
import type { ScriptedRedis } from './scripts.ts';
import type { Entry } from './settlement.ts';

export interface ClaimDeps {
  readonly keys: PartitionKeys;
  readonly commands: ScriptedRedis;
  readonly config: ResolvedConsumerOptions;
  readonly permits: PartitionPermits;
  readonly signal: AbortSignal;
  readonly isStopping: () => boolean;
}

type AutoClaimReply = [next: string, claimed: [string, string[] | null][], deleted: string[]];

export async function claimPending(
  deps: ClaimDeps,
  handle: (entries: readonly Entry[]) => Promise<Settled>,
): Promise<Settled> {
  const { keys, commands, config, permits, signal } = deps;
  const { group, consumerName: me } = config;
  let cursor = '0-0';
  do {
    const taken = await permits.forRead(config.batchSize, signal);
    if (taken === 0 || deps.isStopping()) {
      permits.keep(taken, 0);
      return 'applied';
    }
    let reply: AutoClaimReply;
    let deliveries: Map<string, number>;
    try {
      reply = (await commands.xautoclaim(
        keys.stream,
        group,
        me,
        0,
        cursor,
        'COUNT',
        taken,
      )) as AutoClaimReply;
      deliveries = await deliveryCounts(deps, reply[1]);
    } catch (error) {
      permits.keep(taken, 0);
      throw error;
    }
    const [next, claimed, deleted] = reply;
    permits.keep(taken, claimed.length);
    const outcome = await handle(
      claimed.map(([id, fields]) => ({ id, fields, deliveries: (deliveries.get(id) ?? 0) + 1 })),
    );
    if (outcome !== 'applied') return outcome;
    const trimmed = await handleTrimmed(deps, deleted, handle);
    if (trimmed !== 'applied') return trimmed;
    cursor = next;
  } while (cursor !== '0-0' && !deps.isStopping());
  return 'applied';
}

/** Hands over entries trimmed while pending, each holding a permit like any entry. */
async function handleTrimmed(
  { permits, signal }: ClaimDeps,
  ids: readonly string[],
  handle: (entries: readonly Entry[]) => Promise<Settled>,
): Promise<Settled> {
  for (let next = 0; next < ids.length; ) {
    const taken = await permits.forRead(ids.length - next, signal);
    if (taken === 0) return 'aborted';
    const batch = ids.slice(next, next + taken).map((id) => ({ id, fields: null, deliveries: 0 }));
    next += taken;
    const outcome = await handle(batch);
    if (outcome !== 'applied') return outcome;
  }
  return 'applied';
}

/** How often each claimed entry was delivered before this claim. */
async function deliveryCounts(
  { keys, commands, config }: ClaimDeps,
  claimed: [string, unknown][],
): Promise<Map<string, number>> {
  const first = claimed[0]?.[0];
  const last = claimed.at(-1)?.[0];
  if (first === undefined || last === undefined) return new Map();
  const pending = (await commands.xpending(
    keys.stream,
    config.group,
    first,
    last,
    claimed.length,
    config.consumerName,
  )) as [string, string, number, number][];
  // XAUTOCLAIM itself counted this claim as a delivery.
  return new Map(pending.map(([id, , , count]) => [id, Math.max(0, count - 1)]));
}
