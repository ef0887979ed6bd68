// A replay driven over HTTP: started at 10x it shows its progress (total, scanned, replayed,
// rate, ETA) while it runs; a pause holds even once the speed is switched to max, and a
// resume completes it with the target equal to the source. Step mode answers once exactly
// the stepped events are in the target (and refuses to step a paused run); a cancel ends a
// run for good; /metrics carries it all.
import { describe, expect, it } from 'vitest';
import { redisForThisFile } from './support/file-redis.ts';
import { mdEntries, mdLength, publishTicks } from './support/history.ts';
import { call, expectStatus, READ_TOKEN } from './support/http.ts';
import { type RunningReplayService, startReplayService } from './support/replay-service.ts';
import { getRun, type RunView, settledCount, waitForRun } from './support/runs.ts';

const file = redisForThisFile();
const SOURCE = { namespace: 'ctl', partitions: 2 };
// 30 s of event time: 3 s at 10x.
const COUNT = 3_000;
const SPACING_NS = 10_000_000n;

let service: RunningReplayService | undefined;
async function api(): Promise<string> {
  if (!service) {
    await publishTicks(file.redis, SOURCE, COUNT, SPACING_NS);
    service = await startReplayService({ url: file.server.url, ...SOURCE });
  }
  return service.api;
}

const control = (base: string, id: string, action: string, body: unknown = {}) =>
  expectStatus(200, call<RunView>(base, 'POST', `/replays/${id}/${action}`, { body }));
const start = (base: string, speed: string) =>
  expectStatus(
    202,
    call<RunView>(base, 'POST', '/replays', { body: { types: 'md', speed }, actor: 'alice' }),
  );
const held = (run: RunView) => mdLength(file.redis, run.target, SOURCE.partitions);

/** The value of `metric` for `run` (and extra labels) on /metrics, or undefined when absent. */
async function metric(base: string, name: string, labels: string): Promise<number | undefined> {
  const text = (await call<string>(base, 'GET', '/metrics', { token: null })).body;
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('a replay driven over HTTP', () => {
  it('at 10x: progress with an ETA, a pause that holds at max speed, a resume to completion', async () => {
    const base = await api();
    const started = await start(base, '10x');
    expect(started).toMatchObject({
      source: 'ctl',
      target: `replay-${started.id}`,
      state: 'running',
      speed: '10x',
      by: 'operator:alice',
      total: COUNT,
      replayed: 0,
    });

    const running = await waitForRun(
      base,
      started.id,
      (run) => run.state === 'running' && run.etaMs !== undefined && run.scanned > 0,
      'an ETA while running',
    );
    expect(running.etaMs).toBeGreaterThan(0);
    expect(running.ratePerSec).toBeGreaterThan(0);
    expect(running.scanned).toBeLessThan(COUNT);
    // scanned moves a page at a time, once the page's events are handed to the writer.
    expect(running.replayed).toBeGreaterThan(0);

    expect((await control(base, started.id, 'pause')).state).toBe('paused');
    const paused = await settledCount(base, file.redis, started.id, SOURCE.partitions);
    expect(paused).toBeLessThan(COUNT);
    // Max speed while paused: were the pause not holding, the rest would go in milliseconds.
    expect(await control(base, started.id, 'speed', { speed: 'max' })).toMatchObject({
      state: 'paused',
      speed: 'max',
    });
    const listed = await expectStatus(
      200,
      call<{ runs: RunView[] }>(base, 'GET', '/replays', { token: READ_TOKEN }),
    );
    expect(listed.runs.find((run) => run.id === started.id)?.state).toBe('paused');
    const still = await getRun(base, started.id);
    expect([still.state, still.replayed + still.present, await held(still)]).toEqual([
      'paused',
      paused,
      paused,
    ]);

    expect(['running', 'completed']).toContain((await control(base, started.id, 'resume')).state);
    const done = await waitForRun(base, started.id, (run) => run.state === 'completed', 'the run completed');
    expect(done).toMatchObject({ total: COUNT, scanned: COUNT, replayed: COUNT, present: 0, speed: 'max' });
    expect(done.etaMs).toBeUndefined();
    expect(await mdEntries(file.redis, done.target, SOURCE.partitions)).toEqual(
      await mdEntries(file.redis, SOURCE.namespace, SOURCE.partitions),
    );

    const run = `run="${started.id}"`;
    expect(await metric(base, 'tickflow_replay_total_entries', run)).toBe(COUNT);
    expect(await metric(base, 'tickflow_replay_scanned_entries', run)).toBe(COUNT);
    expect(await metric(base, 'tickflow_replay_replayed_events', run)).toBe(COUNT);
    expect(await metric(base, 'tickflow_replay_rate_events_per_second', run)).toBeGreaterThan(0);
    expect(await metric(base, 'tickflow_replay_eta_seconds', run)).toBeUndefined();
    expect(await metric(base, 'tickflow_replay_state', `${run},state="completed"`)).toBe(1);
    expect(await metric(base, 'tickflow_replay_state', `${run},state="paused"`)).toBe(0);
  });

  it('step mode: a step answers once exactly that many more are in the target', async () => {
    const base = await api();
    const started = await start(base, 'step');
    expect(await settledCount(base, file.redis, started.id, SOURCE.partitions)).toBe(0);

    const first = await control(base, started.id, 'step', { count: 5 });
    expect([first.replayed, await held(first)]).toEqual([5, 5]);
    const second = await control(base, started.id, 'step', { count: 5 });
    expect([second.replayed, await held(second)]).toEqual([10, 10]);
    expect(second).toMatchObject({ state: 'running', speed: 'step' });

    const run = `run="${started.id}"`;
    expect(await metric(base, 'tickflow_replay_replayed_events', run)).toBe(10);
    expect(await metric(base, 'tickflow_replay_total_entries', run)).toBe(COUNT);
    expect(await metric(base, 'tickflow_replay_state', `${run},state="running"`)).toBe(1);

    // Paused, a step would wait for a resume: it is refused instead of left hanging.
    await control(base, started.id, 'pause');
    const whilePaused = await call(base, 'POST', `/replays/${started.id}/step`, { body: { count: 1 } });
    expect(whilePaused.status).toBe(409);
    expect(whilePaused.body.detail).toContain('is paused');
    expect(await held(second)).toBe(10);

    await control(base, started.id, 'resume');
    await control(base, started.id, 'speed', { speed: 'max' });
    const done = await waitForRun(base, started.id, (r) => r.state === 'completed', 'the run completed');
    expect([done.replayed, await held(done)]).toEqual([COUNT, COUNT]);
  });

  it('cancel ends a run for good: what it wrote stays, it takes no more control', async () => {
    const base = await api();
    const started = await start(base, 'step');
    await control(base, started.id, 'step', { count: 3 });
    const cancelled = await control(base, started.id, 'cancel');
    expect(cancelled).toMatchObject({ state: 'cancelled', replayed: 3 });
    expect(await held(cancelled)).toBe(3);

    const pause = await call(base, 'POST', `/replays/${started.id}/pause`, { body: {} });
    expect(pause.status).toBe(409);
    expect(pause.body.detail).toContain('has ended (cancelled)');
    const again = await call(base, 'POST', `/replays/${started.id}/continue`, { body: {} });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('is cancelled: only an interrupted, failed or orphaned run resumes');
    expect((await getRun(base, started.id)).state).toBe('cancelled');
    expect(await held(cancelled)).toBe(3);
    expect((await call(base, 'GET', '/replays/nosuchrun', { token: READ_TOKEN })).status).toBe(404);
  });
});
