// SIGTERM to a consumer process under load: it must stop reading, finish and ack what it
// holds, release its leases and exit 0 within its shutdown grace, leaving nothing pending
// under its name and a checkpoint that covers everything it handled.
import { setTimeout as sleep } from 'node:timers/promises';
import { groupKeys, partitionKeys } from '@tickflow/events';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, createPublisher } from '../src/index.ts';
import { describeExit, killAllConsumerChildren, startConsumerChild } from './support/consumer-child.ts';
import {
  expectedStates,
  type LedgerTarget,
  ledgerProblems,
  readLedger,
  streamLength,
  waitDrained,
} from './support/effect-ledger.ts';
import { symbolName, tick } from './support/ticks.ts';

const SYMBOLS = 10;
const SHUTDOWN_GRACE_MS = 5_000;
/** Grace plus the time to release leases, leave the group and close connections. */
const EXIT_DEADLINE_MS = SHUTDOWN_GRACE_MS + 1_000;

let redis: EphemeralRedis | undefined;
let commands: Redis | undefined;
beforeAll(async () => {
  redis = await startEphemeralRedis();
  commands = await connect({ url: redis.url }, 'commands');
});
afterEach(async () => {
  await killAllConsumerChildren();
});
afterAll(async () => {
  commands?.disconnect();
  await redis?.stop();
});

interface TermCase {
  readonly namespace: string;
  readonly eventsPerSymbol: number;
  readonly handlerDelayMs: number;
  readonly batchSize: number;
  readonly leaseTtlMs: number;
  /** SIGTERM once this many effects exist. */
  readonly termAfter: number;
  /** The in-flight work outlasts the grace: it is cut off, and left pending for the next owner. */
  readonly graceRunsOut?: boolean;
}

async function sigtermUnderLoad(spec: TermCase): Promise<void> {
  if (redis === undefined || commands === undefined) throw new Error('redis did not start');
  const db = commands;
  const target: LedgerTarget = { namespace: spec.namespace, group: 'term-g', partitions: 4 };
  const consumerName = `${spec.namespace}-first`;
  const env = {
    REDIS_URL: redis.url,
    TF_NAMESPACE: target.namespace,
    TF_GROUP: target.group,
    TF_PARTITIONS: String(target.partitions),
    TF_SHUTDOWN_GRACE_MS: String(SHUTDOWN_GRACE_MS),
    TF_LEASE_TTL_MS: String(spec.leaseTtlMs),
  };
  const events = Array.from({ length: spec.eventsPerSymbol }, (_, n) =>
    Array.from({ length: SYMBOLS }, (_, s) => tick(symbolName(s), n)),
  ).flat();
  await createPublisher(db, target).publishAll(events);

  const child = startConsumerChild({
    ...env,
    TF_CONSUMER_NAME: consumerName,
    TF_HANDLER_DELAY_MS: String(spec.handlerDelayMs),
    TF_BATCH_SIZE: String(spec.batchSize),
  });
  await child.ready;
  await waitFor(async () => (await streamLength(db, target, 'signal')) >= spec.termAfter, {
    timeoutMs: 20_000,
    description: `${spec.termAfter} effects before the SIGTERM`,
  });
  await sleep(Math.random() * 200); // a random point mid-batch
  const termAt = Date.now();
  child.signal('SIGTERM');
  const exit = await waitFor(() => child.exit(), {
    timeoutMs: EXIT_DEADLINE_MS + 5_000,
    description: 'the consumer to exit after SIGTERM',
  });
  const exitMs = exit.at - termAt;
  expect(describeExit(exit), child.stderr()).toBe('exit code 0');
  expect(child.lines).toContain('stopped');
  expect(exitMs).toBeLessThanOrEqual(EXIT_DEADLINE_MS);

  // No lease left, gone from the group's members; nothing pending under its name unless the
  // grace ran out, and then only entries after its checkpoint.
  const ledger = await readLedger(db, target);
  const checkpointOf = new Map(ledger.checkpoints.map(({ stream, last }) => [stream, last]));
  const isApplied = (stream: string, entryId: string) => {
    const last = checkpointOf.get(stream) ?? null;
    return last !== null && !after(entryId, last);
  };
  const pending: string[] = [];
  for (let p = 0; p < target.partitions; p++) {
    const keys = partitionKeys(target.namespace, 'market_data', p);
    expect(await db.exists(keys.lease(target.group)), `lease of ${keys.stream}`).toBe(0);
    for (const id of await pendingIds(db, keys.stream, target.group, consumerName)) {
      expect(isApplied(keys.stream, id), `pending ${id} on ${keys.stream} is after the checkpoint`).toBe(
        false,
      );
      pending.push(`${keys.stream} ${id}`);
    }
    if (!spec.graceRunsOut) {
      // Whatever it was delivered, it acked: the checkpoint is at the last delivered entry.
      expect(checkpointOf.get(keys.stream), `checkpoint of ${keys.stream}`).toBe(
        await lastDelivered(db, keys.stream, target.group),
      );
    }
  }
  expect(await db.zscore(groupKeys(target.namespace, target.group).members, consumerName)).toBeNull();
  if (spec.graceRunsOut) expect(pending.length, 'entries cut off by the grace').toBeGreaterThan(0);
  else expect(pending).toEqual([]);
  // The checkpoint and state cover exactly what it acked: the state counts each tick up to
  // the checkpoint once; beyond it, only a cut-off (pending) entry may have its effect yet.
  const applied = ledger.inputs.filter((input) => isApplied(input.stream, input.entryId));
  const cutOff = new Set(
    ledger.inputs
      .filter((input) => pending.includes(`${input.stream} ${input.entryId}`))
      .map((i) => i.eventId),
  );
  const left = ledger.inputs.length - applied.length;
  expect(ledger.states).toEqual(expectedStates(applied));
  const causes = new Set(ledger.outputs.map((output) => output.cause ?? ''));
  for (const input of applied) expect(causes.has(input.eventId), `effect of ${input.eventId}`).toBe(true);
  const appliedIds = new Set(applied.map((input) => input.eventId));
  expect([...causes].filter((cause) => !appliedIds.has(cause) && !cutOff.has(cause))).toEqual([]);
  expect(ledger.outputs).toHaveLength(causes.size);
  expect(left, 'entries left for the next consumer (the SIGTERM came under load)').toBeGreaterThan(0);

  // A second consumer takes over from the checkpoint: every effect exactly once in the end.
  const next = startConsumerChild({ ...env, TF_CONSUMER_NAME: `${spec.namespace}-second` });
  await next.ready;
  await waitDrained(db, target, { timeoutMs: 20_000, description: 'the second consumer to drain' });
  next.signal('SIGTERM');
  expect(
    describeExit(await waitFor(() => next.exit(), { timeoutMs: 15_000, description: 'second to exit' })),
  ).toBe('exit code 0');
  const final = await readLedger(db, target);
  expect(final.inputs).toHaveLength(events.length);
  expect(ledgerProblems(final)).toEqual([]);
  console.log(
    `sigterm (${spec.namespace}): exit code 0 ${exitMs} ms after SIGTERM (grace ${SHUTDOWN_GRACE_MS} ms, ` +
      `lease TTL ${spec.leaseTtlMs} ms, batch ${spec.batchSize} x ${spec.handlerDelayMs} ms); ` +
      `${applied.length} applied and checkpointed, ${left} left, ${pending.length} pending`,
  );
}

describe('SIGTERM to a consumer process under load', () => {
  it('exits 0 within its grace, with everything it handled acked and its leases released', async () => {
    await sigtermUnderLoad({
      namespace: 'term-load',
      eventsPerSymbol: 200,
      handlerDelayMs: 10,
      batchSize: 100,
      leaseTtlMs: 3_000,
      termAfter: 300,
    });
  });

  it('keeps its leases while finishing in-flight work that outlasts the lease TTL', async () => {
    await sigtermUnderLoad({
      namespace: 'term-slow',
      eventsPerSymbol: 40,
      handlerDelayMs: 40,
      batchSize: 50,
      leaseTtlMs: 1_000,
      termAfter: 20,
    });
  });

  it('exits 0 at the end of its grace when the work cannot finish, leaving it to the next owner', async () => {
    await sigtermUnderLoad({
      namespace: 'term-cut',
      eventsPerSymbol: 20,
      handlerDelayMs: 250,
      batchSize: 50,
      leaseTtlMs: 2_000,
      termAfter: 8,
      graceRunsOut: true,
    });
  });
});

/** Ids of the entries pending for `consumer`. */
async function pendingIds(db: Redis, stream: string, group: string, consumer: string): Promise<string[]> {
  const rows = (await db.xpending(stream, group, '-', '+', 100_000, consumer)) as [string, ...unknown[]][];
  return rows.map(([id]) => id);
}

/** The group's last-delivered-id on `stream`. */
async function lastDelivered(db: Redis, stream: string, group: string): Promise<string | null> {
  const groups = (await db.call('XINFO', 'GROUPS', stream)) as unknown[];
  for (const info of groups) {
    const fields = info instanceof Map ? info : new Map(pairsOf(info as unknown[]));
    if (fields.get('name') === group) return String(fields.get('last-delivered-id'));
  }
  return null;
}

function pairsOf(list: readonly unknown[]): [unknown, unknown][] {
  const pairs: [unknown, unknown][] = [];
  for (let i = 0; i + 1 < list.length; i += 2) pairs.push([list[i], list[i + 1]]);
  return pairs;
}

/** Stream entry id `a` is after `b`. */
function after(a: string, b: string): boolean {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map(BigInt);
  const [bMs = 0n, bSeq = 0n] = b.split('-').map(BigInt);
  return aMs > bMs || (aMs === bMs && aSeq > bSeq);
}
