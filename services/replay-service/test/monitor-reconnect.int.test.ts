// The EventMonitor under stress. A restart: the service is stopped (SIGTERM) under an open,
// live page, which shows it reconnecting; a new service on the same port brings the page back
// to live by itself, snapshots moving on again — the live stream's failures while the service
// is down are the only ones the page may have. A firehose: market data published as fast as
// the publisher goes for 10 s with the Flow tab open; the page's main thread never blocks for
// more than 200 ms and its snapshots keep coming.
import { createPublisher } from '@tickflow/streams';
import type { Page } from 'playwright-core';
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
import { trade } from './support/browser-events.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { READ_TOKEN } from './support/http.ts';
import { startReplayService } from './support/replay-service.ts';

const file = redisForThisFile();
const browser = browserForThisFile();

const stateOf = (page: Page) => page.getByTestId('status-connection').getAttribute('data-state');
const lastSnapshotAt = (page: Page) => numberAt(page.getByTestId('status-last-snapshot'), 'data-at');

describe('the EventMonitor across a service restart', () => {
  it('shows reconnecting while the service is down and goes back to live by itself on its return', async () => {
    const scope = { namespace: 'restart', partitions: 2 };
    const first = await startReplayService({ url: file.server.url, ...scope });
    const port = new URL(first.api).port;
    const monitor = await browser.open(first.api, 'monitor-reconnect');
    const { page } = monitor;
    await signIn(page, READ_TOKEN, 'read');
    await expect.poll(() => lastSnapshotAt(page)).toBeGreaterThan(0);
    await screenshot(page, 'monitor-reconnect-live');

    // SIGTERM: a clean shutdown, which ends the page's live stream.
    expect(await first.stop()).toBe(0);
    await expect.poll(() => stateOf(page), { timeout: 15_000 }).toBe('reconnecting');
    await page.getByTestId('status-reconnecting').waitFor({ state: 'visible' });
    const lastBeforeRestart = await lastSnapshotAt(page);
    expect(lastBeforeRestart).toBeGreaterThan(0);
    await screenshot(page, 'monitor-reconnect-down');
    // Only GET /live may fail — the stream cut by the shutdown, the attempts while nothing
    // listens — as a failed request and the browser's console line about it.
    const liveFailure = (problem: PageProblem) =>
      (problem.kind === 'requestfailed' && problem.text.startsWith(`GET ${monitor.origin}/live: `)) ||
      (problem.kind === 'console' &&
        /^Failed to load resource: net::ERR_\w+ \(/.test(problem.text) &&
        problem.text.endsWith(`(${monitor.origin}/live:0)`));
    const failedLive = () => monitor.problems.filter((p) => liveFailure(p) && p.kind === 'requestfailed');
    // At least one attempt refused before the service returns: the page's backoff is exercised.
    await expect.poll(() => failedLive().length, { timeout: 15_000 }).toBeGreaterThan(0);

    // The same service again, on the port the page knows; the page is not touched.
    const second = await startReplayService({ url: file.server.url, ...scope, env: { HTTP_PORT: port } });
    expect(second.api).toBe(first.api);
    // The backoff grows while the service is down (2 s, 4 s, 8 s, ... ±25 %): up to ~20 s to come back.
    await expect.poll(() => stateOf(page), { timeout: 40_000, interval: 250 }).toBe('live');
    await expect.poll(() => lastSnapshotAt(page), { timeout: 10_000 }).toBeGreaterThan(lastBeforeRestart);
    await page.getByTestId('status-reconnecting').waitFor({ state: 'detached' });
    await screenshot(page, 'monitor-reconnect-back');

    console.info(
      `restart: ${failedLive().length} failed /live requests while down: ` +
        monitor.problems.map((p) => `${p.kind}: ${p.text}`).join('; '),
    );
    expectNoProblems(monitor, liveFailure);
  });
});

describe('the EventMonitor at a high event rate', () => {
  it('keeps its main thread free (no task over 200 ms) and its snapshots coming', async () => {
    const scope = { namespace: 'firehose', partitions: 4 };
    const { api } = await startReplayService({ url: file.server.url, ...scope });
    const monitor = await browser.open(api, 'monitor-firehose');
    const { page } = monitor;
    await signIn(page, READ_TOKEN, 'read');
    await openTab(page, 'flow');
    await expect.poll(() => numberAt(page.getByTestId('total-market_data'))).toBe(0);

    // Every main-thread task over 50 ms the page runs from here on (the browser's own measure;
    // a page task, such as a timer's, of 300 ms shows as one — page.evaluate's own script does not).
    await page.evaluate(() => {
      const probe = { longest: 0, count: 0 };
      (globalThis as unknown as { longTasks: typeof probe }).longTasks = probe;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          probe.count++;
          probe.longest = Math.max(probe.longest, entry.duration);
        }
        // A browser entry type, missing from Node's typings (the ones in scope here).
      }).observe({ type: 'longtask' as never });
    });

    // As fast as the publisher goes: two batches of 500 trades in flight at any time, for 10 s.
    const publisher = createPublisher(file.redis, scope);
    const symbols = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE', 'FFF', 'GGG', 'HHH'];
    let published = 0;
    let shownRate = 0;
    const started = performance.now();
    const deadline = started + 10_000;
    const worker = async () => {
      for (let seq = 0; performance.now() < deadline; ) {
        const events = Array.from({ length: 500 }, () => trade(symbols[seq++ % symbols.length] as string));
        await publisher.publishAll(events);
        published += events.length;
      }
    };
    const sampler = setInterval(() => {
      numberAt(page.getByTestId('rate-market_data')).then(
        (rate) => {
          if (rate > shownRate) shownRate = rate;
        },
        () => {},
      );
    }, 1_000);
    try {
      await Promise.all([worker(), worker()]);
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - started) / 1000;
    const rate = Math.round(published / seconds);

    // Right at the end of the firehose: the page still took a snapshot in the last 3 s, and shows a rate.
    const at = await lastSnapshotAt(page);
    const now = Date.now();
    const { longest, count } = await page.evaluate(
      () => (globalThis as unknown as { longTasks: { longest: number; count: number } }).longTasks,
    );
    await screenshot(page, 'monitor-firehose');
    console.info(
      `firehose: ${published} trades in ${seconds.toFixed(1)} s = ${rate}/s; the page showed up to ` +
        `${shownRate}/s; ${count} long tasks, the longest ${longest.toFixed(0)} ms; last snapshot ` +
        `${now - at} ms old at the end`,
    );
    expect(rate).toBeGreaterThan(0);
    expect(now - at).toBeLessThanOrEqual(3_000);
    expect(shownRate).toBeGreaterThan(0);
    expect(longest).toBeLessThanOrEqual(200);
    // And the total catches up with exactly what was published.
    await expect
      .poll(() => numberAt(page.getByTestId('total-market_data')), { timeout: 15_000 })
      .toBe(published);
    expectNoProblems(monitor);
  });
});
