// The Ledger tab: fill-recorder (a real process, with a read token) records a few fills
// published into the namespace; replay-service, pointed at it with REPLAY_LEDGER_URL and
// REPLAY_LEDGER_TOKEN, serves them on GET /ledger and the page shows a row per strategy and
// symbol and the net PnL fill-recorder itself answers on /pnl. Once fill-recorder is gone the
// page shows the 502; without REPLAY_LEDGER_URL it shows the 404's reason.
import { join } from 'node:path';
import { killServices, type ServiceProcess, startServiceProcess, waitFor } from '@tickflow/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import {
  browserForThisFile,
  expectNoProblems,
  openTab,
  type PageProblem,
  screenshot,
  signIn,
} from './support/browser.ts';
import { chainOf, publishChain } from './support/browser-events.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { call, expectStatus, READ_TOKEN } from './support/http.ts';
import { startReplayService } from './support/replay-service.ts';

const file = redisForThisFile();
const browser = browserForThisFile();
const SOURCE = { namespace: 'ledger', partitions: 4 };
const RECORDER_TOKEN = 'recorder-read-token-0123';

interface PnlAnswer {
  readonly total: { readonly net_pnl: string };
  readonly fills: number;
}

async function startFillRecorder(): Promise<ServiceProcess & { api: string }> {
  const recorder = startServiceProcess(
    join(import.meta.dirname, '../../fill-recorder/src/main.ts'),
    {
      REDIS_URL: file.server.url,
      TICKFLOW_NAMESPACE: SOURCE.namespace,
      TICKFLOW_PARTITIONS: String(SOURCE.partitions),
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      API_READ_TOKEN: RECORDER_TOKEN,
      LOG_LEVEL: 'info',
    },
    join(import.meta.dirname, '../../fill-recorder'),
  );
  recorders.push(recorder);
  const { port } = await recorder.waitForLog(
    (line) => line.msg === 'starting' && typeof line.port === 'number',
    {
      timeoutMs: 30_000,
    },
  );
  await recorder.waitForLog('running', { timeoutMs: 30_000 });
  return Object.assign(recorder, { api: `http://127.0.0.1:${String(port)}` });
}

const recorders: ServiceProcess[] = [];
afterAll(() => killServices(recorders));

/** A refused /ledger (404 or 502) is what these pages are expected to show. */
const ledgerRefusal =
  (status: number) =>
  ({ kind, text }: PageProblem): boolean =>
    (kind === 'http' && text.startsWith(`${status} GET `) && text.endsWith('/ledger')) ||
    (kind === 'console' && text.includes(`status of ${status}`) && text.includes('/ledger'));

describe('the Ledger tab', () => {
  it("shows fill-recorder's positions per strategy and symbol and its net PnL, then its absence", async () => {
    const recorder = await startFillRecorder();
    const { api } = await startReplayService({
      url: file.server.url,
      ...SOURCE,
      env: { REPLAY_LEDGER_URL: recorder.api, REPLAY_LEDGER_TOKEN: RECORDER_TOKEN },
    });
    // Two buys of AAA at different prices (a cost basis and a mark apart), one of BBB.
    for (const [symbol, price] of [
      ['AAA', '100.5'],
      ['BBB', '50.25'],
      ['AAA', '103.75'],
    ] as const) {
      await publishChain(file.redis, SOURCE, chainOf(symbol, undefined, price));
    }
    const pnl = await waitFor(
      async () => {
        const answer = await call<PnlAnswer>(recorder.api, 'GET', '/pnl', { token: RECORDER_TOKEN });
        return answer.status === 200 && answer.body.fills === 3 ? answer.body : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100, description: 'fill-recorder to record the 3 fills' },
    );
    expect(pnl.total.net_pnl).not.toBe('0');
    const ledger = await expectStatus<{ pnl: PnlAnswer }>(
      200,
      call(api, 'GET', '/ledger', { token: READ_TOKEN }),
    );
    expect(ledger.pnl).toEqual(pnl);

    const monitor = await browser.open(api, 'monitor-ledger');
    const { page } = monitor;
    await signIn(page, READ_TOKEN, 'read');
    await openTab(page, 'ledger');
    const rows = page.getByTestId('ledger-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(
      await rows.evaluateAll((trs) =>
        trs.map((tr) => [tr.dataset.strategy, tr.dataset.symbol, tr.dataset.quantity]),
      ),
    ).toEqual([
      ['sma-cross', 'AAA', '4'],
      ['sma-cross', 'BBB', '2'],
    ]);
    await expect
      .poll(() => page.getByTestId('ledger-net').getAttribute('data-value'))
      .toBe(pnl.total.net_pnl);
    await expect.poll(() => page.getByTestId('ledger-net').textContent()).toBe(pnl.total.net_pnl);
    await screenshot(page, 'monitor-ledger');
    expectNoProblems(monitor);

    // fill-recorder gone: the next refresh (every 5 s) says so.
    await recorder.stop();
    const gone = await expectStatus<{ detail: string }>(
      502,
      call(api, 'GET', '/ledger', { token: READ_TOKEN }),
    );
    expect(gone.detail).toMatch(/^fill-recorder is unreachable at /);
    const error = page.getByTestId('ledger-error');
    await expect.poll(() => error.getAttribute('data-status'), { timeout: 15_000 }).toBe('502');
    expect(await error.textContent()).toContain('fill-recorder is unreachable');
    await screenshot(page, 'monitor-ledger-unreachable');
    expectNoProblems(monitor, ledgerRefusal(502));
  });

  it('says the ledger is not configured when REPLAY_LEDGER_URL is unset', async () => {
    const { api } = await startReplayService({ url: file.server.url, ...SOURCE });
    const detail = 'the ledger is not configured here (REPLAY_LEDGER_URL)';
    expect(await expectStatus(404, call(api, 'GET', '/ledger', { token: READ_TOKEN }))).toMatchObject({
      status: 404,
      detail,
    });
    const monitor = await browser.open(api, 'monitor-ledger-unconfigured');
    const { page } = monitor;
    await signIn(page, READ_TOKEN, 'read');
    await openTab(page, 'ledger');
    const error = page.getByTestId('ledger-error');
    await expect.poll(() => error.getAttribute('data-status')).toBe('404');
    expect(await error.textContent()).toContain(detail);
    expect(await page.getByTestId('ledger-row').count()).toBe(0);
    await screenshot(page, 'monitor-ledger-unconfigured');
    expectNoProblems(monitor, ledgerRefusal(404));
  });
});
