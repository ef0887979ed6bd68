// Every check that can refuse a replay runs before anything is written: the source namespace
// as target (409), a target already holding history (409), a CEL filter that does not
// compile (400 naming `filter` and the offset), a bad speed (400), and history that retention
// trimmed (409 naming the oldest entry still kept). A refused start leaves no run, no target
// stream, and an audit entry saying how it ended.
import { describe, expect, it } from 'vitest';
import { redisForThisFile } from './support/file-redis.ts';
import { mdStream, publishTicks } from './support/history.ts';
import { type Body, call, expectStatus, READ_TOKEN } from './support/http.ts';
import { type RunningReplayService, startReplayService } from './support/replay-service.ts';
import { type RunView, waitForRun } from './support/runs.ts';

const file = redisForThisFile();
const SOURCE = { namespace: 'refuse', partitions: 2 };

let service: RunningReplayService | undefined;
async function api(): Promise<string> {
  if (!service) {
    await publishTicks(file.redis, SOURCE, 200, 1_000_000n);
    service = await startReplayService({ url: file.server.url, ...SOURCE });
  }
  return service.api;
}

const startReplay = (base: string, body: Record<string, unknown>) => call(base, 'POST', '/replays', { body });
const runCount = async (base: string) =>
  (await expectStatus(200, call<{ runs: RunView[] }>(base, 'GET', '/replays', { token: READ_TOKEN }))).runs
    .length;
/** Keys of every namespace a replay could have written (default targets are replay-<id>). */
const replayKeys = () => file.redis.keys('tf:{replay-*');

describe('refused replays', () => {
  it('never into the source namespace, nor into a namespace holding history', async () => {
    const base = await api();
    const intoSource = await startReplay(base, { types: 'md', target: SOURCE.namespace });
    expect(intoSource.status).toBe(409);
    expect(intoSource.contentType).toContain('application/problem+json');
    expect(intoSource.body.detail).toContain('a replay can never write to its source namespace "refuse"');

    const badName = await startReplay(base, { types: 'md', target: 'Not A Namespace' });
    expect(badName.status).toBe(400);
    expect(badName.body).toMatchObject({ parameter: 'target', errors: [{ parameter: 'target' }] });

    const first = await expectStatus(202, startReplay(base, { types: 'md', target: 'held' }));
    await waitForRun(base, first.id as string, (run) => run.state === 'completed', 'the first run completed');
    const twice = await startReplay(base, { types: 'md', target: 'held' });
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toMatch(/namespace "held" already holds replayed history/);
    expect(await runCount(base)).toBe(1);

    const audit = await expectStatus(
      200,
      call<{ entries: { action: string; outcome: string; params: Body }[] }>(
        base,
        'GET',
        '/audit?order=oldest',
        {
          token: READ_TOKEN,
        },
      ),
    );
    expect(audit.entries.map((entry) => [entry.action, entry.outcome, entry.params.target])).toEqual([
      ['replay.start', 'refused', 'refuse'],
      ['replay.start', 'refused', 'Not A Namespace'],
      ['replay.start', 'ok', 'held'],
      ['replay.start', 'refused', 'held'],
    ]);
  });

  it('a filter that does not compile, or a speed it cannot read: 400 naming the parameter', async () => {
    const base = await api();
    const syntax = await startReplay(base, { types: 'md', filter: 'data.symbol == "AAA" &&' });
    expect(syntax.status).toBe(400);
    expect(syntax.body).toMatchObject({
      parameter: 'filter',
      position: 23,
      errors: [{ parameter: 'filter', message: expect.stringMatching(/^filter: /) }],
    });
    const typed = await startReplay(base, { types: 'md', filter: 'data.price > 100.5' });
    expect(typed.status).toBe(400);
    expect(typed.body).toMatchObject({ parameter: 'filter', position: expect.any(Number) });

    const speed = await startReplay(base, { types: 'md', speed: 'warp' });
    expect(speed.status).toBe(400);
    expect(speed.body).toMatchObject({ parameter: 'speed', detail: expect.stringContaining('"warp"') });
    expect(await replayKeys()).toEqual([]);
  });

  it('history trimmed by retention: 409 naming the oldest entry kept, and nothing written', async () => {
    const base = await api();
    const stream = mdStream(SOURCE.namespace, 0);
    const [[firstId]] = (await file.redis.xrange(stream, '-', '+', 'COUNT', 1)) as [[string, string[]]];
    await file.redis.xtrim(stream, 'MAXLEN', 20);
    const [[keptId]] = (await file.redis.xrange(stream, '-', '+', 'COUNT', 1)) as [[string, string[]]];
    expect(keptId).not.toBe(firstId);
    const runsBefore = await runCount(base);
    const keysBefore = await replayKeys();

    const trimmed = await startReplay(base, { types: 'md', fromId: firstId });
    expect(trimmed.status).toBe(409);
    expect(trimmed.body).toMatchObject({ stream, code: 'HISTORY_TRIMMED' });
    expect(trimmed.body.detail).toContain(`history from ${firstId}`);
    expect(trimmed.body.detail).toContain(`the oldest entry still available is ${keptId}`);
    expect(await runCount(base)).toBe(runsBefore);
    expect(await replayKeys()).toEqual(keysBefore);

    // From the oldest entry kept, it goes.
    const kept = await expectStatus(202, startReplay(base, { types: 'md', fromId: keptId }));
    await waitForRun(
      base,
      kept.id as string,
      (run) => run.state === 'completed',
      'the run from the kept entry',
    );
  });
});
