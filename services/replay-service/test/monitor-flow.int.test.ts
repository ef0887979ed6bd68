// Numbers move: with the monitor open on the Flow tab, market data, signals, orders and fills
// are published into the namespace at a steady rate. Each type's rate goes above 0 (on its
// card and on its pipeline stage), its total rises, and its chart draws an area above zero;
// once publishing stops, each total settles on exactly what was published and the rates fall
// back to 0.
import { waitFor } from '@tickflow/testkit';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserForThisFile, expectNoProblems, numberAt, screenshot, signIn } from './support/browser.ts';
import { startFlow } from './support/browser-events.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { READ_TOKEN } from './support/http.ts';
import { startReplayService } from './support/replay-service.ts';

const file = redisForThisFile();
const browser = browserForThisFile();
const SOURCE = { namespace: 'flow', partitions: 4 };
const TYPES = ['market_data', 'signal', 'order', 'fill'] as const;
const STAGE_OF = { market_data: 'ingest', signal: 'signal', order: 'router', fill: 'recorder' } as const;

/** The series colours of web/app/flow.js, as [r, g, b]. */
const COLORS = {
  market_data: [0x1f, 0x6f, 0xeb],
  signal: [0x82, 0x50, 0xdf],
  order: [0xbf, 0x5b, 0x04],
  fill: [0x1a, 0x7f, 0x37],
} as const;

/**
 * Pixels of the chart's canvas (transparent, drawn over the card) in its series' fill: the
 * series colour at alpha 0x1f — the area under a rate above 0. A chart of zeros has none: its
 * line lies on the axis.
 */
function filledPixels(page: Page, type: (typeof TYPES)[number]): Promise<number> {
  return page.getByTestId(`chart-${type}`).evaluate((box, colour) => {
    const canvas = box.querySelector('canvas');
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return -1;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let filled = 0;
    for (let i = 0; i < data.length; i += 4) {
      const alpha = data[i + 3] ?? 0;
      if (
        alpha >= 0x1f - 6 &&
        alpha <= 0x1f + 6 &&
        colour.every((c, n) => Math.abs((data[i + n] ?? 0) - c) <= 12)
      )
        filled++;
    }
    return filled;
  }, COLORS[type]);
}

describe('the Flow tab', () => {
  it('shows rates above 0, rising totals and charts with data while events flow, exact totals after', async () => {
    const { api } = await startReplayService({ url: file.server.url, ...SOURCE });
    const monitor = await browser.open(api, 'monitor-flow');
    const { page } = monitor;
    await signIn(page, READ_TOKEN, 'read');
    for (const type of TYPES) {
      await expect.poll(() => numberAt(page.getByTestId(`total-${type}`))).toBe(0);
      expect(await filledPixels(page, type)).toBe(0);
    }

    // 200 trades a second; every 4th with its signal, order and fill (50 a second each).
    const flow = startFlow(file.redis, SOURCE, {
      symbols: ['AAA', 'BBB', 'CCC', 'DDD', 'EEE'],
      ticksPerBatch: 20,
      everyMs: 100,
      chainEvery: 4,
    });
    try {
      const seen = new Set<string>();
      let firstTotals: number[] | undefined;
      await waitFor(
        async () => {
          const totals = await Promise.all(TYPES.map((type) => numberAt(page.getByTestId(`total-${type}`))));
          firstTotals ??= totals.every((total) => total > 0) ? totals : undefined;
          for (const type of TYPES) {
            if ((await numberAt(page.getByTestId(`rate-${type}`))) > 0) seen.add(`rate-${type}`);
            if ((await numberAt(page.getByTestId(`stage-${STAGE_OF[type]}-rate`))) > 0)
              seen.add(`stage-${type}`);
            if ((await filledPixels(page, type)) > 200) seen.add(`chart-${type}`);
          }
          // Totals seen twice, the second time higher for every type: they rise.
          const rising =
            firstTotals !== undefined && totals.every((total, n) => total > (firstTotals?.[n] ?? total));
          return rising && seen.size === TYPES.length * 3;
        },
        {
          timeoutMs: 20_000,
          intervalMs: 250,
          description: 'rates, stage rates and charts above 0 for every type, totals rising',
        },
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}; seen: ${[...seen].join(', ')}`);
      });
      await screenshot(page, 'monitor-flow');
    } finally {
      await flow.stop();
    }

    // Publishing stopped: every total lands on exactly what was published, every rate on 0.
    const published = TYPES.map((type) => flow.published[type]);
    const trades = flow.published.market_data;
    expect(trades).toBeGreaterThan(0);
    expect(published).toEqual([trades, trades / 4, trades / 4, trades / 4]);
    await expect
      .poll(() => Promise.all(TYPES.map((type) => numberAt(page.getByTestId(`total-${type}`)))), {
        timeout: 10_000,
      })
      .toEqual(published);
    await expect
      .poll(() => Promise.all(TYPES.map((type) => numberAt(page.getByTestId(`rate-${type}`)))), {
        timeout: 10_000,
      })
      .toEqual([0, 0, 0, 0]);
    await screenshot(page, 'monitor-flow-stopped');
    expectNoProblems(monitor);
  });
});
