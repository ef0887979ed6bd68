// replay-service's main operator flows, run end to end against one Redis URL and summed up in
// what must not depend on where the data lives: which events a query and a lookup return,
// what a replay writes to its target, the dead letters listed and requeued, a rewind's plan,
// its effect and its undo, the audit trail. Entry ids (each server's clock) and run ids are
// masked; the rest must be equal on one Redis and on a Redis Cluster.
import { partitionKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { waitFor } from '@tickflow/testkit';
import { mdEntries, mdStream, publishTicks, spacedTick } from './history.ts';
import { call, expectStatus, READ_TOKEN } from './http.ts';
import { caughtUp, deadLetterCount, groupInfo, startRecordingConsumer } from './recording-consumer.ts';
import { startReplayService } from './replay-service.ts';
import { type RunView, waitForRun } from './runs.ts';

export const FLOW_SOURCE = { namespace: 'ops', partitions: 8 };
const GROUP = 'ops-g';
const COUNT = 120;
const SPACING_NS = 1_000_000n;

type Json = Record<string, unknown>;
interface Letter {
  ref: string;
  kind: string;
  stream: string;
  entry: string;
  group: string;
  fields: string[] | null;
  requeuedAs?: string;
}

export async function operatorFlows(url: string, redis: RedisClient): Promise<Json> {
  const { api } = await startReplayService({ url, ...FLOW_SOURCE });
  const read = <T = Json>(path: string) =>
    expectStatus(200, call<T>(api, 'GET', path, { token: READ_TOKEN }));
  const post = <T = Json>(path: string, body: unknown) =>
    expectStatus(200, call<T>(api, 'POST', path, { body, actor: 'ops' }));

  await publishTicks(redis, FLOW_SOURCE, COUNT, SPACING_NS);
  const poisonId = (await redis.xadd(mdStream(FLOW_SOURCE.namespace, 0), '*', 'hello', 'world')) as string;
  const running = await startRecordingConsumer(url, FLOW_SOURCE, GROUP, 'ops-a');
  const settled = (letters: number) => async () =>
    (await deadLetterCount(redis, FLOW_SOURCE)) === letters && (await caughtUp(redis, FLOW_SOURCE, GROUP));
  let summary: Json;
  try {
    await waitFor(settled(1), {
      timeoutMs: 30_000,
      description: 'every tick handled, the poison dead-lettered',
    });

    const page = await read<{
      events: { id: string }[];
      undecodable: { stream: string }[];
      exhausted: boolean;
    }>('/events?types=md&limit=1000');
    const found = await read<Json>(`/events/${spacedTick(7, SPACING_NS).id}`);
    const groups = await read<{ partitions: Json[] }>(`/groups?group=${GROUP}`);

    const listed = await read<{ entries: Letter[]; counts: Json[] }>('/dlq');
    const [letter] = listed.entries as [Letter];
    const requeued = await post<{ entries: { newEntryId: string }[] } & Json>('/dlq/requeue', {
      refs: [letter.ref],
      dryRun: false,
    });
    const newEntryId = requeued.entries[0]?.newEntryId;
    await waitFor(settled(2), { timeoutMs: 30_000, description: 'the requeued poison dead-lettered again' });
    const relisted = await read<{ entries: Letter[] }>('/dlq');

    const started = await expectStatus(
      202,
      call<RunView>(api, 'POST', '/replays', { body: { types: 'md', speed: 'max' }, actor: 'ops' }),
    );
    const run = await waitForRun(
      api,
      started.id,
      (view) => view.state === 'completed',
      'the replay completed',
    );
    const copied = await mdEntries(redis, run.target, FLOW_SOURCE.partitions);

    await running.consumer.stop();
    const plan = await post<{ partitions: Json[] }>(`/groups/${GROUP}/rewind/plan`, { to: 'start' });
    const before = await positions(redis);
    await post(`/groups/${GROUP}/rewind`, { plan });
    const rewound = await positions(redis);
    const undone = await post<{ undone: { missing: string[] } }>(`/groups/${GROUP}/rewind/undo`, {});
    const restored = await positions(redis);
    const audit = await read<{ entries: { action: string; by: string; outcome: string }[] }>(
      '/audit?order=oldest',
    );

    summary = {
      query: {
        ids: page.events.map((event) => event.id).sort(),
        undecodable: page.undecodable.map((entry) => entry.stream),
        exhausted: page.exhausted,
      },
      found,
      groups: groups.partitions.map(
        ({ type, partition, stream, streamLength, lag, pending, checkpoint }) => ({
          type,
          partition,
          stream,
          streamLength,
          lag,
          pending,
          checkpointed: checkpoint !== undefined,
        }),
      ),
      dlq: {
        listed: listed.entries.map(({ kind, stream, entry, group, fields }) => ({
          kind,
          stream,
          poison: entry === poisonId,
          group,
          fields,
        })),
        counts: listed.counts,
        requeued: { ...requeued, entries: requeued.entries.length },
        relisted: relisted.entries.map((l) => [
          l.entry === poisonId,
          l.entry === newEntryId,
          l.requeuedAs === newEntryId,
        ]),
      },
      replay: {
        run: {
          state: run.state,
          total: run.total,
          scanned: run.scanned,
          replayed: run.replayed,
          present: run.present,
        },
        // Entry ids are each server's clock: the target's entries without them, per partition.
        target: copied.map((line) => line.replace(/^(\d+) \S+ /, '$1 ')).sort(),
      },
      rewind: {
        plan: plan.partitions,
        rewound,
        undone: undone.undone.missing,
        restored: JSON.stringify(restored) === JSON.stringify(before),
      },
      audit: audit.entries.map(({ action, by, outcome }) => [action, by, outcome]),
    };
  } finally {
    await running.consumer.stop();
  }
  return withoutEntryIds(summary) as Json;
}

/** `value` with every entry id and append time (a server's clock) masked ('0-0' kept). */
function withoutEntryIds(value: unknown): unknown {
  if (typeof value === 'string') return /^[1-9]\d*-\d+$/.test(value) ? '<id>' : value;
  if (Array.isArray(value)) return value.map(withoutEntryIds);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === 'appendMs' ? '<ms>' : withoutEntryIds(inner),
      ]),
    );
  return value;
}

/** The group's position and checkpoint on each market-data partition. */
async function positions(redis: RedisClient) {
  const rows = [];
  for (let partition = 0; partition < FLOW_SOURCE.partitions; partition++) {
    const keys = partitionKeys(FLOW_SOURCE.namespace, 'market_data', partition);
    const info = await groupInfo(redis, keys.stream, GROUP);
    const checkpoint = await redis.hget(keys.checkpoint(GROUP), 'last');
    rows.push({
      lastDelivered: info?.['last-delivered-id'],
      entriesRead: info?.['entries-read'],
      checkpoint,
    });
  }
  return rows;
}
