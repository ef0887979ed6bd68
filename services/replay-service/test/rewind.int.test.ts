// Rewinding a real consumer group over HTTP: the plan (read token) shows, per partition, how
// many entries come again; applying is refused while a consumer runs; applied once it is
// stopped, undone exactly; applied again, a restarted consumer is handed every entry again.
import { partitionKeys } from '@tickflow/events';
import { waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { redisForThisFile } from './support/file-redis.ts';
import { mdStream, publishTicks } from './support/history.ts';
import { type Body, call, expectStatus, READ_TOKEN } from './support/http.ts';
import { caughtUp, groupInfo, startRecordingConsumer } from './support/recording-consumer.ts';
import { startReplayService } from './support/replay-service.ts';

const file = redisForThisFile();
const SOURCE = { namespace: 'rw', partitions: 2 };
const GROUP = 'rw-check';
const COUNT = 60;

interface Plan {
  group: string;
  partitions: { type: string; partition: number; stream: string; redeliver: number; target: string }[];
  liveConsumers: { name: string }[];
}

/** Each partition's group position and checkpoint: what a rewind moves and an undo puts back. */
async function positions() {
  return Promise.all(
    [0, 1].map(async (partition) => {
      const keys = partitionKeys(SOURCE.namespace, 'market_data', partition);
      const info = await groupInfo(file.redis, keys.stream, GROUP);
      const checkpoint = await file.redis.hget(keys.checkpoint(GROUP), 'last');
      return { lastDelivered: info?.['last-delivered-id'], entriesRead: info?.['entries-read'], checkpoint };
    }),
  );
}

describe('group rewind over HTTP', () => {
  it('plans, refuses while live, applies, undoes exactly, and re-delivers every entry after a restart', async () => {
    const { api } = await startReplayService({ url: file.server.url, ...SOURCE });
    await publishTicks(file.redis, SOURCE, COUNT, 1_000_000n);
    const lengths = [await file.redis.xlen(mdStream('rw', 0)), await file.redis.xlen(mdStream('rw', 1))];
    expect(lengths[0]).toBeGreaterThan(0);
    expect(lengths[1]).toBeGreaterThan(0);
    let running = await startRecordingConsumer(file.server.url, SOURCE, GROUP, 'rw-a');
    const waitCaughtUp = (description: string) =>
      waitFor(() => caughtUp(file.redis, SOURCE, GROUP), { timeoutMs: 20_000, description });
    await waitCaughtUp(`${COUNT} entries handled`);
    const firstPass = [...running.handled];
    expect(firstPass).toHaveLength(COUNT);

    const plan = () =>
      expectStatus(
        200,
        call<Plan>(api, 'POST', `/groups/${GROUP}/rewind/plan`, { token: READ_TOKEN, body: { to: 'start' } }),
      );
    const apply = (body: unknown) => call(api, 'POST', `/groups/${GROUP}/rewind`, { body, actor: 'dave' });
    const live = await plan();
    expect(live.liveConsumers.map((consumer) => consumer.name)).toEqual(['rw-a']);
    const refused = await apply({ plan: live });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('while it has live consumers: rw-a');
    await running.consumer.stop();

    const reviewed = await plan();
    expect(reviewed.liveConsumers).toEqual([]);
    expect(reviewed.partitions.map((p) => [p.type, p.partition, p.stream, p.redeliver, p.target])).toEqual([
      ['market_data', 0, mdStream('rw', 0), lengths[0], '0-0'],
      ['market_data', 1, mdStream('rw', 1), lengths[1], '0-0'],
    ]);
    const before = await positions();
    expect(await expectStatus(200, apply({ plan: reviewed }))).toMatchObject({
      group: GROUP,
      by: 'operator:dave',
      undone: null,
    });
    // Before every entry, and no checkpoint: nothing counts as applied any more.
    expect((await positions()).map((p) => [p.lastDelivered, p.entriesRead, p.checkpoint])).toEqual([
      ['0-0', 0, null],
      ['0-0', 0, null],
    ]);
    expect(
      await expectStatus(200, call(api, 'GET', `/groups/${GROUP}/rewind`, { token: READ_TOKEN })),
    ).toMatchObject({
      undone: null,
    });

    const undone = await expectStatus(
      200,
      call<Body>(api, 'POST', `/groups/${GROUP}/rewind/undo`, { body: {}, actor: 'dave' }),
    );
    expect(undone.undone).toMatchObject({ by: 'operator:dave', missing: [] });
    expect(await positions()).toEqual(before);
    expect((await call(api, 'POST', `/groups/${GROUP}/rewind/undo`, { body: {} })).status).toBe(404);

    // For real: the restarted consumer is handed all of it again, each partition in order.
    await expectStatus(200, apply({ plan: await plan() }));
    running = await startRecordingConsumer(file.server.url, SOURCE, GROUP, 'rw-b');
    try {
      await waitFor(
        async () => running.handled.length >= COUNT && (await caughtUp(file.redis, SOURCE, GROUP)),
        {
          timeoutMs: 20_000,
          description: 'the rewound entries handled again',
        },
      );
      const inStream = (entries: string[], p: number) =>
        entries.filter((e) => e.startsWith(mdStream('rw', p)));
      for (const p of [0, 1]) expect(inStream(running.handled, p)).toEqual(inStream(firstPass, p));
      expect(running.handled).toHaveLength(COUNT);
    } finally {
      await running.consumer.stop();
    }

    const audit = await expectStatus(
      200,
      call<{ entries: { action: string; by: string; outcome: string }[] }>(
        api,
        'GET',
        '/audit?order=oldest',
        {
          token: READ_TOKEN,
        },
      ),
    );
    expect(audit.entries.map((e) => [e.action, e.by, e.outcome])).toEqual([
      ['group.rewind', 'operator:dave', 'refused'],
      ['group.rewind', 'operator:dave', 'ok'],
      ['group.undo', 'operator:dave', 'ok'],
      ['group.undo', 'operator', 'failed'],
      ['group.rewind', 'operator:dave', 'ok'],
    ]);
  });
});
