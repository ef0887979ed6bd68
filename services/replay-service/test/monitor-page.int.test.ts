// The EventMonitor loads in a real browser: the page, its modules and vendored Preact, htm and
// uPlot all come from the service (any other host is blocked and counted as a failure); it
// asks for a token first (a wrong one is refused by the server and said so on the form), keeps
// the accepted one in this tab's sessionStorage only, connects to /live, and every tab renders
// with no console error, no page error and no failed request.
import { describe, expect, it } from 'vitest';
import {
  browserForThisFile,
  expectNoProblems,
  numberAt,
  openTab,
  type PageProblem,
  screenshot,
  signIn,
} from './support/browser.ts';
import { chainOf, publishChain } from './support/browser-events.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { READ_TOKEN } from './support/http.ts';
import { startReplayService } from './support/replay-service.ts';

const file = redisForThisFile();
const browser = browserForThisFile();
const SOURCE = { namespace: 'page', partitions: 2 };
const TABS = ['flow', 'groups', 'dead-letters', 'latency', 'events', 'replays', 'audit'];

describe('the EventMonitor page', () => {
  it('loads from the service alone, takes the read token, and renders every tab without an error', async () => {
    for (const symbol of ['AAA', 'BBB', 'CCC']) await publishChain(file.redis, SOURCE, chainOf(symbol));
    const { api } = await startReplayService({ url: file.server.url, ...SOURCE });
    const monitor = await browser.open(api, 'monitor-page');
    const { page } = monitor;

    // Before a token: the form, and nothing kept anywhere.
    await page.getByTestId('token-form').waitFor();
    expect(await page.evaluate(() => [sessionStorage.length, localStorage.length])).toEqual([0, 0]);
    expect(await monitor.context.cookies()).toEqual([]);
    await screenshot(page, 'monitor-page-token-form');

    // A wrong token: the server's 401, on the form; still no monitor.
    await page.getByTestId('token-input').fill('not-the-token-0123456789');
    await page.getByTestId('token-submit').click();
    const refused = page.getByTestId('token-error');
    await refused.waitFor();
    expect(await refused.getAttribute('data-status')).toBe('401');
    expect(await page.getByTestId('tab-flow').count()).toBe(0);

    await signIn(page, READ_TOKEN, 'read');
    expect(await page.getByTestId('role-badge').textContent()).toContain('read-only');
    // Kept in this tab's session only: not in localStorage, not in a cookie.
    const kept = await page.evaluate(() => ({
      session: Object.values({ ...sessionStorage }).join(' '),
      local: localStorage.length,
    }));
    expect(kept.session).toContain(READ_TOKEN);
    expect(kept.local).toBe(0);
    expect(await monitor.context.cookies()).toEqual([]);
    await expect.poll(() => page.getByTestId('status-namespace').textContent()).toBe(SOURCE.namespace);
    await expect.poll(() => numberAt(page.getByTestId('total-market_data'))).toBe(3);

    for (const tab of TABS) {
      await openTab(page, tab);
      const panel = page.getByTestId(`panel-${tab}`);
      await expect.poll(() => panel.locator('h2').first().isVisible()).toBe(true);
      // Only the open tab's panel shows.
      for (const other of TABS.filter((t) => t !== tab))
        expect(await page.getByTestId(`panel-${other}`).isVisible()).toBe(false);
      expect(await panel.locator('[role="alert"]').count()).toBe(0);
      await screenshot(page, `monitor-page-${tab}`);
    }
    // The wrong token's 401 (the form's check, and Chromium's console line for it) and nothing else.
    const wrongToken = (p: PageProblem) =>
      (p.kind === 'http' && p.text === `401 GET ${api}/audit?limit=1`) ||
      (p.kind === 'console' && p.text.includes('status of 401') && p.text.includes('/audit?limit=1'));
    expectNoProblems(monitor, wrongToken);

    // The tab is in the URL: a reload opens the same one, still signed in (session storage).
    await page.reload();
    await page.getByTestId('panel-audit').waitFor({ state: 'visible' });
    expect(await page.getByTestId('token-form').count()).toBe(0);
    await expect
      .poll(() => page.getByTestId('status-connection').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('live');

    // The reload aborts the live stream of the page it replaces: that, and nothing new.
    expectNoProblems(
      monitor,
      (p) => wrongToken(p) || (p.kind === 'requestfailed' && p.text === `GET ${api}/live: net::ERR_ABORTED`),
    );
  });
});
