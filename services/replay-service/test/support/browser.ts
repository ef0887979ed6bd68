// The EventMonitor in a real browser: Debian's chromium driven by playwright-core, one browser
// per test file and a fresh context (empty storage) per page. Everything the page does wrong is
// collected — console errors, uncaught page errors, requests that failed or were answered with
// an error status, and any request to a host other than the service (blocked: the page must
// work with no network beyond the service) — for `expectNoProblems` to check. Screenshots go
// to services/replay-service/.screenshots/<name>.png (git-ignored); a failing test also
// leaves `<name>-failed.png` when it had opened a page. Everything is closed in afterAll,
// whatever happened.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, onTestFailed } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(import.meta.dirname, '../../.screenshots');

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** What went wrong in a page, as one line each, in the order it happened. */
export interface PageProblem {
  readonly kind: 'console' | 'pageerror' | 'requestfailed' | 'http' | 'foreign';
  readonly text: string;
}

export interface MonitorPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** The service's origin, e.g. http://127.0.0.1:41234. */
  readonly origin: string;
  readonly problems: PageProblem[];
}

export interface BrowserForThisFile {
  /**
   * A new context (empty storage, only the service reachable) and page, on `origin`'s `path`.
   * `name` is the screenshot taken if the test fails.
   */
  open(origin: string, name: string, path?: string): Promise<MonitorPage>;
}

/** A problem `expectNoProblems` lets through: expected refusals, say. */
export type Allowed = (problem: PageProblem) => boolean;

/** Starts chromium before the file's tests and closes every context and the browser after them. */
export function browserForThisFile(): BrowserForThisFile {
  let browser: Browser | undefined;
  // Thrown by open(), inside the test: a hook that throws would leave the tests counted as skipped.
  let unavailable: Error | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      unavailable = new Error(
        `${CHROMIUM} is missing: the EventMonitor's browser tests need Debian's chromium ` +
          '(apt-get install chromium; .ci/run installs it). They fail without it, they do not skip.',
      );
      return;
    }
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
    } catch (error) {
      unavailable = new Error(`${CHROMIUM} did not start`, { cause: error });
    }
  });
  afterAll(async () => {
    // Each close on its own: one that fails does not leave the others open.
    for (const context of contexts.splice(0)) await context.close().catch(() => {});
    await browser?.close().catch(() => {});
  });

  return {
    async open(origin, name, path = '/') {
      if (unavailable) throw unavailable;
      if (!browser) throw new Error('the browser is not started (open() belongs inside a test)');
      // A failure screenshot is of the latest run only.
      rmSync(join(SCREENSHOTS, `${name}-failed.png`), { force: true });
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      contexts.push(context);
      const problems: PageProblem[] = [];
      const service = new URL(origin).origin;
      // Only requests that leave the service are routed: each is recorded and blocked.
      await context.route(
        (url) => url.origin !== service && (url.protocol === 'http:' || url.protocol === 'https:'),
        async (route) => {
          problems.push({ kind: 'foreign', text: `${route.request().method()} ${route.request().url()}` });
          await route.abort('blockedbyclient');
        },
      );
      // Well inside the test's own limit: a missing element fails the test with its name.
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      page.on('pageerror', (error) =>
        problems.push({ kind: 'pageerror', text: error.stack ?? String(error) }),
      );
      page.on('console', (message) => {
        if (message.type() === 'error') {
          const at = message.location();
          problems.push({ kind: 'console', text: `${message.text()} (${at.url}:${at.lineNumber})` });
        }
      });
      page.on('requestfailed', (request) => {
        const error = request.failure()?.errorText ?? 'failed';
        // A page closing or a view dropping its live stream aborts requests in flight: not a fault.
        if (error === 'net::ERR_ABORTED' && page.isClosed()) return;
        problems.push({ kind: 'requestfailed', text: `${request.method()} ${request.url()}: ${error}` });
      });
      page.on('response', (response) => {
        if (response.status() >= 400) {
          const request = response.request();
          problems.push({ kind: 'http', text: `${response.status()} ${request.method()} ${response.url()}` });
        }
      });
      onTestFailed(async () => {
        if (!page.isClosed()) {
          await screenshot(page, `${name}-failed`).catch(() => {});
          console.error(
            `page problems of ${name}:\n${problems.map((p) => `  ${p.kind}: ${p.text}`).join('\n')}`,
          );
        }
      });
      await page.goto(`${service}${path}`);
      return { page, context, origin: service, problems };
    },
  };
}

/** Fails listing every problem the page had, but those `allowed`. */
export function expectNoProblems(monitor: MonitorPage, allowed: Allowed = () => false): void {
  const left = monitor.problems.filter((problem) => !allowed(problem));
  expect(left.map((p) => `${p.kind}: ${p.text}`)).toEqual([]);
}

/** A full-page PNG at .screenshots/<name>.png; resolves with its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Fills the page's token form (the role said as given) and waits for the monitor to show, live. */
export async function signIn(
  page: Page,
  token: string,
  role: 'read' | 'operator',
  actor?: string,
): Promise<void> {
  await page.getByTestId('token-input').fill(token);
  await page.getByTestId(`token-role-${role}`).check();
  if (actor !== undefined) await page.getByTestId('token-actor').fill(actor);
  await page.getByTestId('token-submit').click();
  await expect
    .poll(() => page.getByTestId('role-badge').getAttribute('data-role'), { timeout: 15_000 })
    .toBe(role);
  await expect
    .poll(() => page.getByTestId('status-connection').getAttribute('data-state'), { timeout: 15_000 })
    .toBe('live');
}

/** Opens the monitor's tab `id` and resolves once its panel is the one shown. */
export async function openTab(page: Page, id: string): Promise<void> {
  await page.getByTestId(`tab-${id}`).click();
  await page.getByTestId(`panel-${id}`).waitFor({ state: 'visible' });
}

/** The number an element carries in `attribute` (default data-value); NaN when it has none (yet). */
export async function numberAt(locator: Locator, attribute = 'data-value'): Promise<number> {
  const value = await locator.getAttribute(attribute);
  return value === null || value === '' ? Number.NaN : Number(value);
}
