// Dead letters from the page: a real consumer group whose handler fails with a PermanentError
// for one tick dead-letters it. The Dead letters tab shows it — counts per kind and type, the
// row with its reason — and, with the operator token, requeuing it from its row first shows
// the dry run's count (1, nothing written yet), then on Confirm requeues it: once the handler
// is fixed the tick is applied, the page shows nothing waiting and the row "requeued as" the
// new entry, as GET /dlq and the audit log (by the name given on the token form) say; the
// Consumer groups tab shows the group caught up, the Audit tab the dry run and the requeue.

import { createPublisher } from '@tickflow/streams';
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
import { startFixableConsumer } from './support/browser-consumer.ts';
import { trade } from './support/browser-events.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { call, expectStatus, OPERATOR_TOKEN, READ_TOKEN } from './support/http.ts';
import { caughtUp, deadLetterCount } from './support/recording-consumer.ts';
import { startReplayService } from './support/replay-service.ts';

const file = redisForThisFile();
const browser = browserForThisFile();
const SOURCE = { namespace: 'dlq-page', partitions: 2 };
const GROUP = 'ledger';
const REASON = 'price feed not supported yet';

interface DlqPage {
  entries: {
    ref: string;
    kind: string;
    reason: string;
    stream: string;
    entry: string;
    requeuedAs?: string;
  }[];
}

describe('the Dead letters tab', () => {
  it('shows a poison tick with its reason, and requeues it after the fix: dry run 1, confirm, applied', async () => {
    const { api } = await startReplayService({ url: file.server.url, ...SOURCE });
    const ticks = Array.from({ length: 6 }, (_, n) => trade('PSN', undefined, `10${n}.5`));
    const poison = ticks[3] as (typeof ticks)[number];
    const consumer = await startFixableConsumer(file.server.url, SOURCE, GROUP, {
      eventId: poison.id,
      reason: REASON,
    });
    try {
      await createPublisher(file.redis, SOURCE).publishAll(ticks);
      await waitFor(
        async () =>
          (await deadLetterCount(file.redis, SOURCE)) === 1 && (await caughtUp(file.redis, SOURCE, GROUP)),
        { timeoutMs: 20_000, description: 'the poison tick dead-lettered, the others applied' },
      );
      expect(new Set(consumer.applied)).toEqual(new Set(ticks.filter((t) => t !== poison).map((t) => t.id)));
      const [letter] = (await expectStatus(200, call<DlqPage>(api, 'GET', '/dlq', { token: READ_TOKEN })))
        .entries;
      expect(letter?.kind).toBe('permanent');
      expect(letter?.requeuedAs).toBeUndefined();
      expect(letter?.reason).toContain(REASON);
      const streamLength = await file.redis.xlen(letter?.stream ?? '');

      const monitor = await browser.open(api, 'monitor-dead-letters');
      const { page } = monitor;
      await signIn(page, OPERATOR_TOKEN, 'operator', 'dora');
      // The group that dead-lettered it, caught up: on the Consumer groups tab.
      await openTab(page, 'groups');
      const group = page.locator(`[data-testid="group-row"][data-group="${GROUP}"][data-type="market_data"]`);
      await group.waitFor();
      expect([
        await group.getByTestId('group-lag').textContent(),
        await group.getByTestId('group-pending').textContent(),
      ]).toEqual(['0', '0']);
      expect(await group.getAttribute('data-behind')).toBe('false');
      await screenshot(page, 'monitor-dead-letters-groups');

      await openTab(page, 'dead-letters');
      await expect.poll(() => numberAt(page.getByTestId('dlq-total')), { timeout: 10_000 }).toBe(1);
      expect(await numberAt(page.getByTestId('dlq-outstanding'))).toBe(1);
      await expect
        .poll(() => numberAt(page.getByTestId('dlq-count-kind-permanent')), { timeout: 10_000 })
        .toBe(1);
      expect(await numberAt(page.getByTestId('dlq-count-type-market_data'))).toBe(1);
      const row = page.getByTestId('dlq-row');
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.getAttribute('data-ref')).toBe(letter?.ref);
      expect(await row.getAttribute('data-kind')).toBe('permanent');
      expect(await row.getByTestId('dlq-reason').textContent()).toContain(REASON);
      await screenshot(page, 'monitor-dead-letters');

      // The fix is deployed; requeue from the row: the dry run counts 1 and writes nothing.
      consumer.fix();
      await row.getByTestId('dlq-requeue-one').click();
      const panel = page.getByTestId('requeue-panel');
      await panel.getByTestId('requeue-dry-run').waitFor();
      expect(await numberAt(page.getByTestId('requeue-dry-run-count'))).toBe(1);
      expect(await file.redis.xlen(letter?.stream ?? '')).toBe(streamLength);
      expect(consumer.applied).not.toContain(poison.id);
      await screenshot(page, 'monitor-dead-letters-dry-run');

      await panel.getByTestId('requeue-confirm').click();
      await panel.getByTestId('requeue-result').waitFor();
      expect(await numberAt(page.getByTestId('requeue-done-count'))).toBe(1);
      await waitFor(() => consumer.applied.includes(poison.id), {
        timeoutMs: 20_000,
        description: 'the requeued tick applied by the fixed handler',
      });
      expect(consumer.applied.filter((id) => id === poison.id)).toHaveLength(1);

      // Nothing waits any more; the dead letter stays as history, requeued as the new entry.
      await expect.poll(() => numberAt(page.getByTestId('dlq-outstanding')), { timeout: 10_000 }).toBe(0);
      expect(await numberAt(page.getByTestId('dlq-total'))).toBe(1);
      expect(await numberAt(page.getByTestId('dlq-requeued'))).toBe(1);
      const [after] = (await expectStatus(200, call<DlqPage>(api, 'GET', '/dlq', { token: READ_TOKEN })))
        .entries;
      expect(after?.requeuedAs).toMatch(/^\d+-\d+$/);
      await page.getByTestId('requeue-close').click();
      await page.getByTestId('dlq-empty').waitFor();
      await page.getByTestId('dlq-hide-requeued').uncheck();
      await expect.poll(() => page.getByTestId('dlq-requeued-as').textContent()).toContain(after?.requeuedAs);
      expect(await numberAt(page.getByTestId('dlq-list-outstanding'))).toBe(0);
      await screenshot(page, 'monitor-dead-letters-requeued');

      const audit = await expectStatus(
        200,
        call<{ entries: { action: string; by: string; outcome: string }[] }>(
          api,
          'GET',
          '/audit?order=oldest&action=dlq.requeue',
          { token: READ_TOKEN },
        ),
      );
      expect(audit.entries.map((e) => [e.by, e.outcome])).toEqual([
        ['operator:dora', 'dry-run'],
        ['operator:dora', 'ok'],
      ]);
      // The Audit tab says the same, newest first.
      await openTab(page, 'audit');
      const rows = page.getByTestId('audit-row');
      await expect.poll(() => rows.count()).toBe(2);
      expect(
        await rows.evaluateAll((all) =>
          all.map((row) => [row.getAttribute('data-action'), row.getAttribute('data-outcome')]),
        ),
      ).toEqual([
        ['dlq.requeue', 'ok'],
        ['dlq.requeue', 'dry-run'],
      ]);
      expect(await rows.first().textContent()).toContain('operator:dora');
      await screenshot(page, 'monitor-dead-letters-audit');
      expectNoProblems(monitor);
    } finally {
      await consumer.stop();
    }
  });
});
