// SIGTERM during a paced replay: the run is interrupted (its record says so, with what its
// target holds), a service started with REPLAY_RESUME_ON_START=false leaves it alone, and
// one started with the default continues it where the target got — completed, with every
// source entry in the target exactly once (same ids, same fields, nothing written twice).
// A process killed outright (SIGKILL) leaves a record that says running: the next start
// continues that one too.
import { describe, expect, it } from 'vitest';
import { redisForThisFile } from './support/file-redis.ts';
import { mdEntries, mdLength, publishTicks } from './support/history.ts';
import { call, expectStatus, READ_TOKEN } from './support/http.ts';
import { startReplayService } from './support/replay-service.ts';
import { getRun, type RunView, waitForRun } from './support/runs.ts';

const file = redisForThisFile();
const SOURCE = { namespace: 'intr', partitions: 2 };
// 12 s of event time: 3 s at 4x.
const COUNT = 1_200;

describe('a replay across a shutdown', () => {
  it('is interrupted by SIGTERM and continued to completion by the next start, each entry once', async () => {
    await publishTicks(file.redis, SOURCE, COUNT, 10_000_000n);
    const first = await startReplayService({ url: file.server.url, ...SOURCE });
    const started = await expectStatus(
      202,
      call<RunView>(first.api, 'POST', '/replays', { body: { types: 'md', speed: '4x' } }),
    );
    await waitForRun(first.api, started.id, (run) => run.replayed >= 200, '200 events replayed');
    expect(await first.stop()).toBe(0);
    expect(first.logLines().map((line) => line.msg)).toContain(
      'running replays interrupted; each resumes where its target got',
    );
    const heldAtStop = await mdLength(file.redis, started.target, SOURCE.partitions);
    expect(heldAtStop).toBeGreaterThanOrEqual(200);
    expect(heldAtStop).toBeLessThan(COUNT);

    // Told not to resume: the record says interrupted, with exactly what the target holds.
    const idle = await startReplayService({
      url: file.server.url,
      ...SOURCE,
      env: { REPLAY_RESUME_ON_START: 'false' },
    });
    const interrupted = await getRun(idle.api, started.id);
    expect(interrupted).toMatchObject({ state: 'interrupted', replayed: heldAtStop, total: COUNT });
    expect(interrupted.etaMs).toBeUndefined();
    const listed = await expectStatus(
      200,
      call<{ runs: RunView[] }>(idle.api, 'GET', '/replays', { token: READ_TOKEN }),
    );
    expect(listed.runs.map((run) => [run.id, run.state])).toEqual([[started.id, 'interrupted']]);
    expect(await idle.stop()).toBe(0);
    expect(await mdLength(file.redis, started.target, SOURCE.partitions)).toBe(heldAtStop);

    // The default: continued at start, by the service, controllable in the new process.
    const second = await startReplayService({ url: file.server.url, ...SOURCE });
    const resumed = await second.waitForLog('interrupted replay resumed');
    expect(resumed).toMatchObject({ run: started.id, target: started.target });
    // The record keeps who started it; the audit log says the service continued it.
    expect((await getRun(second.api, started.id)).by).toBe('operator');
    const audit = await call<{ entries: { action: string; by: string }[] }>(second.api, 'GET', '/audit', {
      token: READ_TOKEN,
    });
    expect(audit.body.entries[0]).toMatchObject({ action: 'replay.continue', by: 'replay-service' });
    await expectStatus(
      200,
      call(second.api, 'POST', `/replays/${started.id}/speed`, { body: { speed: 'max' } }),
    );
    const done = await waitForRun(
      second.api,
      started.id,
      (run) => run.state === 'completed',
      'the run completed',
    );
    expect(done).toMatchObject({
      total: COUNT,
      scanned: COUNT,
      present: heldAtStop,
      replayed: COUNT - heldAtStop,
    });
    expect(await mdEntries(file.redis, started.target, SOURCE.partitions)).toEqual(
      await mdEntries(file.redis, SOURCE.namespace, SOURCE.partitions),
    );
    const again = await call(second.api, 'POST', `/replays/${started.id}/continue`, { body: {} });
    expect(again.status).toBe(409);
    expect(await second.stop()).toBe(0);
  });

  it('is continued by POST /replays/{id}/continue when the service does not resume it, as the operator asked', async () => {
    const source = { namespace: 'intr2', partitions: 2 };
    await publishTicks(file.redis, source, COUNT, 10_000_000n);
    const options = { url: file.server.url, ...source, env: { REPLAY_RESUME_ON_START: 'false' } };
    const first = await startReplayService(options);
    const started = await expectStatus(
      202,
      call<RunView>(first.api, 'POST', '/replays', { body: { types: 'md', speed: '4x' } }),
    );
    await waitForRun(first.api, started.id, (run) => run.replayed >= 100, '100 events replayed');
    expect(await first.stop()).toBe(0);
    const heldAtStop = await mdLength(file.redis, started.target, source.partitions);

    const second = await startReplayService(options);
    expect((await getRun(second.api, started.id)).state).toBe('interrupted');
    const continued = await expectStatus(
      200,
      call<RunView>(second.api, 'POST', `/replays/${started.id}/continue`, { body: {}, actor: 'erin' }),
    );
    expect(continued).toMatchObject({ state: 'running', by: 'operator' });
    const audit = await call<{ entries: { action: string; by: string }[] }>(second.api, 'GET', '/audit', {
      token: READ_TOKEN,
    });
    expect(audit.body.entries[0]).toMatchObject({ action: 'replay.continue', by: 'operator:erin' });
    await expectStatus(
      200,
      call(second.api, 'POST', `/replays/${started.id}/speed`, { body: { speed: 'max' } }),
    );
    const done = await waitForRun(
      second.api,
      started.id,
      (run) => run.state === 'completed',
      'the run completed',
    );
    expect(done).toMatchObject({ present: heldAtStop, replayed: COUNT - heldAtStop, by: 'operator' });
    expect(await mdEntries(file.redis, started.target, source.partitions)).toEqual(
      await mdEntries(file.redis, source.namespace, source.partitions),
    );
  });

  it('killed with SIGKILL mid-run (its record still says running), is continued by the next start, each entry once', async () => {
    const source = { namespace: 'intr3', partitions: 2 };
    await publishTicks(file.redis, source, COUNT, 10_000_000n);
    const first = await startReplayService({ url: file.server.url, ...source });
    const started = await expectStatus(
      202,
      call<RunView>(first.api, 'POST', '/replays', { body: { types: 'md', speed: '4x' } }),
    );
    await waitForRun(first.api, started.id, (run) => run.replayed >= 100, '100 events replayed');
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await startReplayService({ url: file.server.url, ...source });
    const resumed = await second.waitForLog('interrupted replay resumed');
    expect(resumed).toMatchObject({ run: started.id, was: 'running' });
    await expectStatus(
      200,
      call(second.api, 'POST', `/replays/${started.id}/speed`, { body: { speed: 'max' } }),
    );
    await waitForRun(second.api, started.id, (run) => run.state === 'completed', 'the run completed');
    expect(await mdEntries(file.redis, started.target, source.partitions)).toEqual(
      await mdEntries(file.redis, source.namespace, source.partitions),
    );
    expect(await second.stop()).toBe(0);
  });
});
