// A replay driven from the page with the operator token: started at 20x over recorded history
// of all four types, it runs (progress and ETA) and pauses (state paused; nothing more comes);
// switched to step mode and resumed, a step of 7 brings exactly 7 more events into the target,
// as the row's progress says; at max speed it completes, and the digest the row shows is the
// target's, as GET /digest computes it — and the source's, a replay writing exact copies: the
// row's diff against the source says identical.
import { waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import {
  browserForThisFile,
  expectNoProblems,
  numberAt,
  openTab,
  screenshot,
  signIn,
} from './support/browser.ts';
import { entriesIn, publishHistory } from './support/browser-events.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { call, expectStatus, OPERATOR_TOKEN, READ_TOKEN } from './support/http.ts';
import { startReplayService } from './support/replay-service.ts';
import { getRun } from './support/runs.ts';

const file = redisForThisFile();
const browser = browserForThisFile();
const SOURCE = { namespace: 'replays-page', partitions: 2 };
// 2,000 trades 50 ms apart: 100 s of event time, 5 s at 20x; a chain on every 4th.
const HISTORY = { ticks: 2_000, spacingNs: 50_000_000n, chainEvery: 4, symbols: ['AAA', 'BBB', 'CCC'] };
const STEP = 7;

interface Digest {
  namespace: string;
  digest: string;
  counts: Record<string, number>;
}

describe('the Replays tab', () => {
  it('starts a run at 20x, pauses it, steps exactly 7, finishes it at max speed and shows its digest and diff', async () => {
    const total = await publishHistory(file.redis, SOURCE, HISTORY);
    const { api } = await startReplayService({ url: file.server.url, ...SOURCE });
    const monitor = await browser.open(api, 'monitor-replays');
    const { page } = monitor;
    await signIn(page, OPERATOR_TOKEN, 'operator', 'rita');
    await openTab(page, 'replays');

    for (const type of ['signal', 'order', 'fill']) await page.getByTestId(`replay-type-${type}`).check();
    await page.getByTestId('replay-speed').fill('20x');
    await page.getByTestId('replay-start').click();
    await page.getByTestId('replay-started').waitFor();
    const row = page.getByTestId('run-row');
    await expect.poll(() => row.count()).toBe(1);
    const id = (await row.getAttribute('data-run-id')) as string;
    const started = await getRun(api, id);
    expect(started).toMatchObject({ speed: '20x', total, by: 'operator:rita' });
    const target = { namespace: started.target, partitions: SOURCE.partitions };

    // Running: the progress moves (the page shows events replayed) before it ends.
    await expect
      .poll(() => numberAt(row.getByTestId('run-replayed')), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await row.getByTestId('run-pause').click();
    // The row's state and its badge, read together: a run update sent before the pause
    // landed may re-render the row as running once more before the paused one arrives.
    await expect
      .poll(() => Promise.all([row.getAttribute('data-state'), row.getByTestId('run-state').textContent()]))
      .toEqual(['paused', 'paused']);
    // Once the write in flight has landed, the count stands: that is where the pause holds.
    const held = await waitFor(
      async () => {
        const run = await getRun(api, id);
        const inTarget = await entriesIn(file.redis, target);
        return run.state === 'paused' && run.replayed + run.present === inTarget ? { inTarget } : undefined;
      },
      { timeoutMs: 10_000, description: 'the paused run settled' },
    ).then(({ inTarget }) => inTarget);
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(total);
    await expect.poll(() => numberAt(row.getByTestId('run-replayed')), { timeout: 10_000 }).toBe(held);
    await screenshot(page, 'monitor-replays-paused');

    // Step mode, resumed: nothing goes until a step; a step of 7 brings exactly 7.
    await row.getByTestId('run-speed-input').fill('step');
    await row.getByTestId('run-speed-set').click();
    await expect.poll(() => row.getByTestId('run-speed').textContent()).toBe('step');
    await row.getByTestId('run-resume').click();
    await expect.poll(() => row.getAttribute('data-state')).toBe('running');
    await row.getByTestId('run-step-count').fill(String(STEP));
    await row.getByTestId('run-step').click();
    await expect.poll(() => numberAt(row.getByTestId('run-replayed')), { timeout: 10_000 }).toBe(held + STEP);
    expect(await entriesIn(file.redis, target)).toBe(held + STEP);
    const stepped = await getRun(api, id);
    expect([stepped.state, stepped.speed, stepped.replayed + stepped.present]).toEqual([
      'running',
      'step',
      held + STEP,
    ]);
    await screenshot(page, 'monitor-replays-stepped');

    // Max speed: it completes, every entry in the target, and its digest shows.
    await row.getByTestId('run-speed-input').fill('max');
    await row.getByTestId('run-speed-set').click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 20_000 }).toBe('completed');
    await expect.poll(() => row.getByTestId('run-percent').textContent()).toBe('100%');
    await expect.poll(() => numberAt(row.getByTestId('run-replayed'))).toBe(total);
    expect(await entriesIn(file.redis, target)).toBe(total);
    const shown = row.getByTestId('run-digest');
    await shown.waitFor({ timeout: 10_000 });
    const digest = await expectStatus(
      200,
      call<Digest>(api, 'GET', `/digest?namespace=${target.namespace}`, { token: READ_TOKEN }),
    );
    expect(await shown.getAttribute('data-digest')).toBe(digest.digest);
    expect(await row.getByTestId('run-digest-text').textContent()).toBe(digest.digest);
    const chains = HISTORY.ticks / HISTORY.chainEvery;
    expect(digest.counts).toEqual({ order: chains, fill: chains });
    // A replay writes copies: the digest of the source is the same.
    const source = await expectStatus(200, call<Digest>(api, 'GET', '/digest', { token: READ_TOKEN }));
    expect(source.digest).toBe(digest.digest);
    // And the row's diff against the source (its default) finds them identical.
    expect(await row.getByTestId('run-diff-against').inputValue()).toBe(SOURCE.namespace);
    await row.getByTestId('run-diff-button').click();
    await expect
      .poll(() => row.getByTestId('run-diff').getAttribute('data-identical'), { timeout: 10_000 })
      .toBe('true');
    await screenshot(page, 'monitor-replays-completed');

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
    expect(audit.entries.map((e) => [e.action, e.by, e.outcome])).toEqual(
      ['replay.start', 'replay.pause', 'replay.speed', 'replay.resume', 'replay.step', 'replay.speed'].map(
        (action) => [action, 'operator:rita', 'ok'],
      ),
    );
    expectNoProblems(monitor);
  });
});
