// The operator audit log over HTTP: every replay control call is recorded with who made it
// (`operator`, or `operator:<name>` from X-Tickflow-Actor), its parameters and its outcome,
// newest or oldest first, filtered by action and by who.
import { describe, expect, it } from 'vitest';
import { redisForThisFile } from './support/file-redis.ts';
import { publishTicks } from './support/history.ts';
import { call, expectStatus, READ_TOKEN } from './support/http.ts';
import { startReplayService } from './support/replay-service.ts';
import type { RunView } from './support/runs.ts';

const file = redisForThisFile();
const SOURCE = { namespace: 'audited', partitions: 2 };

interface AuditEntry {
  id: string;
  by: string;
  action: string;
  params: Record<string, unknown>;
  outcome: string;
  detail?: Record<string, unknown>;
  at: number;
}
type AuditPage = { entries: AuditEntry[]; nextCursor?: string };

describe('GET /audit', () => {
  it('lists each replay call with who, what, parameters and outcome', async () => {
    await publishTicks(file.redis, SOURCE, 100, 1_000_000n);
    const { api } = await startReplayService({ url: file.server.url, ...SOURCE });
    const run = await expectStatus(
      202,
      call<RunView>(api, 'POST', '/replays', { body: { types: 'md', speed: 'step' }, actor: 'alice' }),
    );
    const act = (action: string, body: unknown, actor?: string) =>
      expectStatus(
        200,
        call(api, 'POST', `/replays/${run.id}/${action}`, {
          body,
          ...(actor === undefined ? {} : { actor }),
        }),
      );
    await act('step', { count: 2 });
    await act('pause', {}, 'bob');
    await act('speed', { speed: '5x' }, 'bob');
    await act('resume', {}, 'alice');
    await act('cancel', {}, 'alice');
    // Refused: the run is over. Recorded too, as refused.
    expect((await call(api, 'POST', `/replays/${run.id}/continue`, { body: {}, actor: 'bob' })).status).toBe(
      409,
    );

    const oldest = await expectStatus(
      200,
      call<AuditPage>(api, 'GET', '/audit?order=oldest', { token: READ_TOKEN }),
    );
    expect(oldest.entries.map((entry) => [entry.action, entry.by, entry.outcome])).toEqual([
      ['replay.start', 'operator:alice', 'ok'],
      ['replay.step', 'operator', 'ok'],
      ['replay.pause', 'operator:bob', 'ok'],
      ['replay.speed', 'operator:bob', 'ok'],
      ['replay.resume', 'operator:alice', 'ok'],
      ['replay.cancel', 'operator:alice', 'ok'],
      ['replay.continue', 'operator:bob', 'refused'],
    ]);
    expect(oldest.entries[0]?.params).toEqual({ types: 'md', speed: 'step' });
    expect(oldest.entries[1]?.params).toEqual({ id: run.id, count: 2 });
    expect(oldest.entries[3]?.params).toEqual({ id: run.id, speed: '5x' });
    expect(oldest.entries[6]?.detail).toMatchObject({
      name: 'ConflictError',
      error: expect.stringContaining(run.id),
    });
    expect(oldest.nextCursor).toBeUndefined();

    const newest = await expectStatus(
      200,
      call<AuditPage>(api, 'GET', '/audit?limit=2', { token: READ_TOKEN }),
    );
    expect(newest.entries.map((entry) => entry.action)).toEqual(['replay.continue', 'replay.cancel']);
    expect(newest.nextCursor).toBe(newest.entries[1]?.id);
    const byBob = await expectStatus(
      200,
      call<AuditPage>(api, 'GET', '/audit?by=operator:bob&action=replay.pause', { token: READ_TOKEN }),
    );
    expect(byBob.entries.map((entry) => [entry.action, entry.by])).toEqual([
      ['replay.pause', 'operator:bob'],
    ]);

    // The actor header is a claim, cleaned: anything but printable ASCII dropped, at most 64 characters.
    await call(api, 'POST', `/replays/${run.id}/pause`, { body: {}, actor: `ev\u00e9e\t${'x'.repeat(100)}` });
    const [last] = (
      await expectStatus(200, call<AuditPage>(api, 'GET', '/audit?limit=1', { token: READ_TOKEN }))
    ).entries;
    expect(last?.by).toBe(`operator:eve${'x'.repeat(61)}`);
    expect((await call(api, 'GET', '/audit', { token: null })).status).toBe(401);
  });
});
