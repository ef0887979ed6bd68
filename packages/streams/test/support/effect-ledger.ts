// The measurable effect of the fault-injection tests, and the check that it was applied
// exactly once. Per tick, the handler publishes one derived signal (deterministic id, so a
// re-run is dropped as a duplicate) and then advances the symbol's entry in the partition
// state (saved atomically with the ack): { last seq, count, gaps }. A lost effect shows as a
// missing signal or a low count; a doubled one as an extra signal or a high count; an
// out-of-order one as a gap.
import {
  decodeEvent,
  deriveEvent,
  type EventType,
  type MarketDataEvent,
  partitionKeys,
} from '@tickflow/events';
import { waitFor } from '@tickflow/testkit';
import type { Cluster, Redis } from 'ioredis';
import type { HandlerContext, PublishResult } from '../../src/index.ts';
import { seqOf } from './ticks.ts';

export const EFFECT_SCOPE = 'fault-tests/effect';

export interface SymbolEffect {
  readonly last: number;
  readonly count: number;
  readonly gaps: number;
}

export type EffectState = Record<string, SymbolEffect>;

/** Applies the effect of one tick: publish the derived signal, then move the symbol's state. */
export async function applyEffect(event: MarketDataEvent, context: HandlerContext): Promise<PublishResult> {
  const seq = seqOf(event);
  const state = context.state.get<EffectState>() ?? {};
  const prior = state[event.key] ?? { last: -1, count: 0, gaps: 0 };
  const result = await context.publish(
    deriveEvent(event, {
      scope: EFFECT_SCOPE,
      type: 'signal',
      data: {
        symbol: event.key,
        signal: 'long',
        strength: '1',
        strategy_id: 'fault-tests',
        reason: `seq ${seq}`,
      },
    }),
  );
  context.state.set({
    ...state,
    [event.key]: { last: seq, count: prior.count + 1, gaps: prior.gaps + (seq === prior.last + 1 ? 0 : 1) },
  });
  return result;
}

export interface LedgerTarget {
  readonly namespace: string;
  readonly group: string;
  readonly partitions: number;
}

export interface StreamItem {
  readonly stream: string;
  readonly entryId: string;
  readonly eventId: string;
  readonly cause: string | undefined;
  readonly symbol: string;
  readonly seq: number;
}

export interface Ledger {
  /** Ticks in the market-data streams, in stream order per partition. */
  readonly inputs: StreamItem[];
  /** Derived signals in the signal streams. */
  readonly outputs: StreamItem[];
  readonly pending: number;
  readonly deadLetters: number;
  /** The reasons of the first few dead letters. */
  readonly deadLetterReasons: string[];
  /** Per market-data partition: its checkpoint's last entry id and the stream's last entry id. */
  readonly checkpoints: { stream: string; last: string | null; streamLast: string | null }[];
  readonly states: EffectState;
}

/** Reads inputs, outputs, pending counts, dead letters, checkpoints and states of one namespace. */
export async function readLedger(redis: Redis | Cluster, target: LedgerTarget): Promise<Ledger> {
  const inputs: StreamItem[] = [];
  const outputs: StreamItem[] = [];
  const checkpoints: Ledger['checkpoints'] = [];
  const states: Record<string, SymbolEffect> = {};
  let pending = 0;
  let deadLetters = 0;
  const deadLetterReasons: string[] = [];
  for (let p = 0; p < target.partitions; p++) {
    const md = partitionKeys(target.namespace, 'market_data', p);
    const sig = partitionKeys(target.namespace, 'signal', p);
    inputs.push(...(await readItems(redis, md.stream)));
    outputs.push(...(await readItems(redis, sig.stream)));
    deadLetters += await redis.xlen(md.deadLetter);
    for (const [, fields] of await redis.xrange(md.deadLetter, '-', '+', 'COUNT', 3)) {
      deadLetterReasons.push(String(fields[fields.indexOf('reason') + 1]));
    }
    if ((await redis.exists(md.stream)) === 1) pending += await pendingOf(redis, md.stream, target.group);
    const [last, state] = await redis.hmget(md.checkpoint(target.group), 'last', 'state');
    const tail = await redis.xrevrange(md.stream, '+', '-', 'COUNT', 1);
    checkpoints.push({ stream: md.stream, last: last ?? null, streamLast: tail[0]?.[0] ?? null });
    if (state !== null && state !== undefined) Object.assign(states, JSON.parse(state) as EffectState);
  }
  return { inputs, outputs, pending, deadLetters, deadLetterReasons, checkpoints, states };
}

/** What is wrong with the ledger, as readable lines; empty when every effect was applied once. */
export function ledgerProblems(ledger: Ledger): string[] {
  const problems: string[] = [];
  const inputIds = new Set<string>();
  for (const input of ledger.inputs) {
    if (inputIds.has(input.eventId)) problems.push(`input ${input.eventId} appears twice`);
    inputIds.add(input.eventId);
  }
  const outputsByCause = new Map<string, number>();
  const outputIds = new Set<string>();
  for (const output of ledger.outputs) {
    if (outputIds.has(output.eventId)) problems.push(`output ${output.eventId} appears twice`);
    outputIds.add(output.eventId);
    const cause = output.cause ?? '';
    outputsByCause.set(cause, (outputsByCause.get(cause) ?? 0) + 1);
    if (!inputIds.has(cause)) problems.push(`output ${output.eventId} has no input (cause ${cause})`);
  }
  let missing = 0;
  for (const id of inputIds) {
    const count = outputsByCause.get(id) ?? 0;
    if (count === 0) missing++;
    else if (count > 1) problems.push(`input ${id} has ${count} outputs`);
  }
  if (missing > 0) problems.push(`${missing} of ${inputIds.size} inputs have no output`);
  if (ledger.outputs.length !== inputIds.size)
    problems.push(`${ledger.outputs.length} outputs for ${inputIds.size} inputs`);

  const expected = expectedStates(ledger.inputs);
  for (const [symbol, want] of Object.entries(expected)) {
    const got = ledger.states[symbol];
    if (got === undefined || got.last !== want.last || got.count !== want.count || got.gaps !== want.gaps)
      problems.push(`state of ${symbol} is ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
  for (const symbol of Object.keys(ledger.states)) {
    if (!(symbol in expected)) problems.push(`state has ${symbol}, which has no input`);
  }
  const lastOutput = new Map<string, number>();
  for (const output of ledger.outputs) {
    const prior = lastOutput.get(output.symbol) ?? -1;
    if (output.seq <= prior) problems.push(`output of ${output.symbol} seq ${output.seq} after seq ${prior}`);
    lastOutput.set(output.symbol, output.seq);
  }
  if (ledger.pending !== 0) problems.push(`${ledger.pending} entries still pending`);
  if (ledger.deadLetters !== 0)
    problems.push(`${ledger.deadLetters} dead letters (${ledger.deadLetterReasons.join(' | ')})`);
  for (const { stream, last, streamLast } of ledger.checkpoints) {
    if (last !== streamLast)
      problems.push(`checkpoint of ${stream} is ${last}, its last entry ${streamLast}`);
  }
  return problems;
}

/** The state the effect must leave after applying `inputs` once each, in stream order. */
export function expectedStates(inputs: readonly StreamItem[]): EffectState {
  const states: Record<string, SymbolEffect> = {};
  for (const input of inputs) {
    const prior = states[input.symbol] ?? { last: -1, count: 0, gaps: 0 };
    states[input.symbol] = {
      last: input.seq,
      count: prior.count + 1,
      gaps: prior.gaps + (input.seq === prior.last + 1 ? 0 : 1),
    };
  }
  return states;
}

/** Entries of every partition stream of `type`, waited on cheaply (XLEN) before a full read. */
export async function streamLength(
  redis: Redis | Cluster,
  target: LedgerTarget,
  type: EventType,
): Promise<number> {
  let total = 0;
  for (let p = 0; p < target.partitions; p++)
    total += await redis.xlen(partitionKeys(target.namespace, type, p).stream);
  return total;
}

/**
 * Cheap check, for polling: every market-data entry has a derived signal, nothing is pending
 * and every checkpoint is at its stream's last entry.
 */
export async function isDrained(redis: Redis | Cluster, target: LedgerTarget): Promise<boolean> {
  // At least as many (not equal): a doubled effect must fail the ledger check, not a wait.
  if ((await streamLength(redis, target, 'signal')) < (await streamLength(redis, target, 'market_data')))
    return false;
  for (let p = 0; p < target.partitions; p++) {
    const md = partitionKeys(target.namespace, 'market_data', p);
    if ((await redis.exists(md.stream)) === 0) continue;
    if ((await pendingOf(redis, md.stream, target.group)) > 0) return false;
    const last = await redis.hget(md.checkpoint(target.group), 'last');
    const tail = await redis.xrevrange(md.stream, '+', '-', 'COUNT', 1);
    if (last !== tail[0]?.[0]) return false;
  }
  return true;
}

/** Waits until isDrained(); at the deadline, throws listing what is still wrong. */
export async function waitDrained(
  redis: Redis | Cluster,
  target: LedgerTarget,
  { timeoutMs, description }: { timeoutMs: number; description: string },
): Promise<void> {
  const started = Date.now();
  let outcome: unknown;
  try {
    // A dead letter never goes away: stop waiting at once.
    outcome = await waitFor(
      async () => ((await deadLetterCount(redis, target)) > 0 ? 'dead-lettered' : isDrained(redis, target)),
      { timeoutMs, intervalMs: 200, description },
    );
  } catch (error) {
    outcome = error;
  }
  if (outcome === true) return;
  const problems = ledgerProblems(await readLedger(redis, target));
  throw new Error(
    `${description}: not drained after ${Date.now() - started} ms: ${problems.slice(0, 20).join('; ')}`,
    { cause: outcome },
  );
}

async function deadLetterCount(redis: Redis | Cluster, target: LedgerTarget): Promise<number> {
  let total = 0;
  for (let p = 0; p < target.partitions; p++)
    total += await redis.xlen(partitionKeys(target.namespace, 'market_data', p).deadLetter);
  return total;
}

/** Pending entries of `group` on `stream`, all consumers, or only `consumer`'s. */
export async function pendingOf(
  redis: Redis | Cluster,
  stream: string,
  group: string,
  consumer?: string,
): Promise<number> {
  if (consumer === undefined) {
    const summary = (await redis.xpending(stream, group)) as [number, ...unknown[]];
    return Number(summary[0]);
  }
  const rows = (await redis.xpending(stream, group, '-', '+', 100_000, consumer)) as unknown[];
  return rows.length;
}

async function readItems(redis: Redis | Cluster, stream: string): Promise<StreamItem[]> {
  const items: StreamItem[] = [];
  let start = '-';
  for (;;) {
    const page = await redis.xrange(stream, start, '+', 'COUNT', 2_000);
    for (const [entryId, fields] of page) {
      const event = decodeEvent(fields);
      const seq =
        event.type === 'market_data'
          ? seqOf(event)
          : event.type === 'signal'
            ? Number(/^seq (\d+)$/.exec(event.data.reason)?.[1] ?? Number.NaN)
            : Number.NaN;
      items.push({ stream, entryId, eventId: event.id, cause: event.cause, symbol: event.key, seq });
    }
    const last = page.at(-1);
    if (last === undefined || page.length < 2_000) return items;
    start = `(${last[0]}`;
  }
}
