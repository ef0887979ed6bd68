// A picture of Prometheus' own graph page (for docs/observability.md), taken with Debian's
// chromium through playwright-core once the page has drawn its chart and legend. Saved under
// test-e2e/.screenshots/ (git-ignored).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(import.meta.dirname, '../../.screenshots');

// The flags the EventMonitor's browser tests launch chromium with (no sandbox in CI
// containers, nothing fetched from the network by the browser itself).
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface GraphShot {
  /** PromQL of the one graph. */
  readonly expr: string;
  /** The graph's time range, Prometheus' syntax: `5m`, `1h`. */
  readonly range: string;
  /** File name without extension. */
  readonly name: string;
}

/** The graph page of `prometheusUrl` for `shot.expr`, as a PNG; resolves with its path. */
export async function screenshotGraph(prometheusUrl: string, shot: GraphShot): Promise<string> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: the Prometheus graph picture needs Debian's chromium ` +
        '(apt-get install chromium; .ci/run installs it).',
    );
  const url = new URL('/graph', prometheusUrl);
  url.searchParams.set('g0.expr', shot.expr);
  url.searchParams.set('g0.tab', '0');
  url.searchParams.set('g0.range_input', shot.range);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    page.setDefaultTimeout(20_000);
    await page.goto(url.toString());
    // The chart is drawn and its legend lists the series: Debian's build serves the classic
    // page (rickshaw), upstream builds the React one (flot); either will do.
    await page.locator('.rickshaw_graph svg path, .graph-chart canvas').first().waitFor({ state: 'visible' });
    await page
      .locator('.rickshaw_legend li, .graph-legend .legend-item')
      .first()
      .waitFor({ state: 'visible' });
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(SCREENSHOTS, `${shot.name}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
  } finally {
    await browser.close();
  }
}
