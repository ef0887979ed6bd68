// With the read token the page still offers the mutating buttons, and the server refuses them:
// requeue (its dry run already), starting a replay, pausing or cancelling a running one — each
// shows the server's 403 where it was clicked, and nothing changed, as the API says (no run
// started, the run still running, the dead letter not requeued, the stream not written, no
// operator action in the audit log).
import { waitFor } from '@tickflow/testkit';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browserForThisFile,
  expectNoProblems,
  openTab,
  type PageProblem,
  screenshot,
  signIn,
} from './support/browser.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { mdStream, publishTicks } from './support/history.ts';
import { call, expectStatus, READ_TOKEN } from './support/http.ts';
import { caughtUp, deadLetterCount, startRecordingConsumer } from './support/recording-consumer.ts';
import { startReplayService } from './support/replay-service.ts';
import { getRun, type RunView } from './support/runs.ts';

const file = redisForThisFile();
const browser = browserForThisFile();
const SOURCE = { namespace: 'read-only', partitions: 2 };
const GROUP = 'watchers';

/** The refusal shown by `note`: its status, and that it says the server refused. */
async function refusal(note: Locator): Promise<{ status: string | null; text: string }> {
  await note.waitFor({ timeout: 10_000 });
  return { status: await note.getAttribute('data-status'), text: (await note.textContent()) ?? '' };
}

describe('the page with the read token', () => {
  it('shows the 403 of every mutating button it offers, and nothing changes on the server', async () => {
    const { api } = await startReplayService({ url: file.server.url, ...SOURCE });
    const { consumer } = await startRecordingConsumer(file.server.url, SOURCE, GROUP, 'watchers-a');
    try {
      await publishTicks(file.redis, SOURCE, 20, 1_000_000n);
      await file.redis.xadd(mdStream(SOURCE.namespace, 0), '*', 'not', 'an event');
      await waitFor(
        async () =>
          (await deadLetterCount(file.redis, SOURCE)) === 1 && (await caughtUp(file.redis, SOURCE, GROUP)),
        { timeoutMs: 20_000, description: 'the undecodable entry dead-lettered' },
      );
    } finally {
      await consumer.stop();
    }
    // A run the operator started through the API, waiting in step mode.
    const running = await expectStatus(
      202,
      call<RunView>(api, 'POST', '/replays', { body: { types: 'md', speed: 'step' } }),
    );
    const lengths = [
      await file.redis.xlen(mdStream(SOURCE.namespace, 0)),
      await file.redis.xlen(mdStream(SOURCE.namespace, 1)),
    ];

    const monitor = await browser.open(api, 'monitor-read-only');
    const { page } = monitor;
    await signIn(page, READ_TOKEN, 'read');

    // Requeue one dead letter: its dry run is already an operator call, refused.
    await openTab(page, 'dead-letters');
    const row = page.getByTestId('dlq-row');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await row.getByTestId('dlq-requeue-one').click();
    const refusedRequeue = await refusal(page.getByTestId('requeue-panel').getByTestId('requeue-error'));
    expect(refusedRequeue.status).toBe('403');
    expect(refusedRequeue.text).toContain('Refused by the server');
    expect(await page.getByTestId('requeue-confirm').count()).toBe(0);
    await screenshot(page, 'monitor-read-only-requeue');
    await page.getByTestId('requeue-close').click();
    // All matching: refused the same way.
    await page.getByTestId('dlq-requeue-matching').click();
    expect((await refusal(page.getByTestId('requeue-panel').getByTestId('requeue-error'))).status).toBe(
      '403',
    );

    // Start a replay: refused.
    await openTab(page, 'replays');
    await page.getByTestId('replay-speed').fill('20x');
    await page.getByTestId('replay-start').click();
    const refusedStart = await refusal(page.getByTestId('replay-error'));
    expect(refusedStart.status).toBe('403');
    expect(refusedStart.text).toContain('Refused by the server');
    expect(await page.getByTestId('replay-started').count()).toBe(0);

    // Pause and cancel the operator's run: refused on its row.
    const runRow = page.locator(`[data-testid="run-row"][data-run-id="${running.id}"]`);
    await runRow.waitFor({ timeout: 10_000 });
    expect(await runRow.getAttribute('data-state')).toBe('running');
    await runRow.getByTestId('run-pause').click();
    expect((await refusal(runRow.getByTestId('run-error'))).status).toBe('403');
    await runRow.getByTestId('run-cancel').click();
    await expect.poll(() => runRow.getByTestId('run-error').textContent()).toContain('Refused by the server');
    expect(await runRow.getByTestId('run-error').getAttribute('data-status')).toBe('403');
    await screenshot(page, 'monitor-read-only-replays');

    // The server did none of it.
    const runs = await expectStatus(
      200,
      call<{ runs: RunView[] }>(api, 'GET', '/replays', { token: READ_TOKEN }),
    );
    expect(runs.runs.map((run) => run.id)).toEqual([running.id]);
    expect((await getRun(api, running.id)).state).toBe('running');
    const dlq = await expectStatus(
      200,
      call<{ entries: { requeuedAs?: string }[] }>(api, 'GET', '/dlq', { token: READ_TOKEN }),
    );
    expect(dlq.entries.map((letter) => letter.requeuedAs)).toEqual([undefined]);
    expect([
      await file.redis.xlen(mdStream(SOURCE.namespace, 0)),
      await file.redis.xlen(mdStream(SOURCE.namespace, 1)),
    ]).toEqual(lengths);
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
      ['replay.start', 'operator', 'ok'],
    ]);

    // The page's only failures: those four refusals (and Chromium's console line for each).
    const refused = [
      `POST ${api}/dlq/requeue`,
      `POST ${api}/dlq/requeue`,
      `POST ${api}/replays`,
      `POST ${api}/replays/${running.id}/pause`,
      `POST ${api}/replays/${running.id}/cancel`,
    ];
    const http = monitor.problems.filter((p) => p.kind === 'http').map((p) => p.text);
    expect(http).toEqual(refused.map((request) => `403 ${request}`));
    expectNoProblems(
      monitor,
      (p: PageProblem) =>
        p.kind === 'http' ||
        (p.kind === 'console' && p.text.includes('the server responded with a status of 403')),
    );
  });
});
