// The event browser finds a fill by type, symbol and event-time range, and opens its causal
// chain: the tick at the root, then the signal, the order and the fill, each with the time of
// its hop from its cause (event time, and Redis append time). An older fill of the same symbol
// outside the range stays out; the Latency tab's latest fills open the same chain.
import { nsToIso } from '@tickflow/events';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserForThisFile, expectNoProblems, openTab, screenshot, signIn } from './support/browser.ts';
import { type Chain, chainOf, publishChain } from './support/browser-events.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { READ_TOKEN } from './support/http.ts';
import { startReplayService } from './support/replay-service.ts';

const file = redisForThisFile();
const browser = browserForThisFile();
const SOURCE = { namespace: 'events-page', partitions: 4 };
const SYMBOL = 'FILLME';
const MINUTE_NS = 60_000_000_000n;

/** [type, depth, event-time hop in ns] of each node of a chain view, in order (the root has no hop). */
async function nodesOf(chain: Locator): Promise<[string | null, string | null, string | null][]> {
  const nodes = chain.getByTestId('chain-node');
  const out: [string | null, string | null, string | null][] = [];
  for (let n = 0; n < (await nodes.count()); n++) {
    const node = nodes.nth(n);
    const hop = node.getByTestId('chain-hop');
    out.push([
      await node.getAttribute('data-type'),
      await node.getAttribute('data-depth'),
      (await hop.count()) === 0 ? null : await hop.getAttribute('data-event-ns'),
    ]);
  }
  return out;
}

/** What nodesOf should read for a chain built by chainOf: the fill derives from the signal. */
function expectedNodes(chain: Chain): [string, string, string | null][] {
  const hop = (event: { ts_event: bigint }, cause: { ts_event: bigint }) =>
    String(event.ts_event - cause.ts_event);
  return [
    ['market_data', '0', null],
    ['signal', '1', hop(chain.signal, chain.tick)],
    ['order', '2', hop(chain.order, chain.signal)],
    ['fill', '2', hop(chain.fill, chain.signal)],
  ];
}

describe('the Events tab', () => {
  it('finds a fill by symbol and time range and opens its causal chain with the hop times', async () => {
    const now = BigInt(Date.now()) * 1_000_000n;
    // An hour ago, the same symbol: outside the range searched.
    const old = await publishChain(file.redis, SOURCE, chainOf(SYMBOL, now - 60n * MINUTE_NS));
    for (const symbol of ['NOISE1', 'NOISE2']) await publishChain(file.redis, SOURCE, chainOf(symbol, now));
    const wanted = await publishChain(file.redis, SOURCE, chainOf(SYMBOL, now));
    for (const symbol of ['NOISE3', 'NOISE4']) await publishChain(file.redis, SOURCE, chainOf(symbol, now));

    const { api } = await startReplayService({ url: file.server.url, ...SOURCE });
    const monitor = await browser.open(api, 'monitor-events');
    const { page } = monitor;
    await signIn(page, READ_TOKEN, 'read');
    await openTab(page, 'events');
    const panel = page.getByTestId('panel-events');

    await panel.getByTestId('events-type').selectOption('fill');
    await panel.getByTestId('events-symbol').fill(SYMBOL);
    await panel.getByTestId('events-time').selectOption('event');
    await panel.getByTestId('events-from').fill(nsToIso(now - 5n * MINUTE_NS));
    await panel.getByTestId('events-to').fill(nsToIso(now + 5n * MINUTE_NS));
    await panel.getByTestId('events-search').click();
    await panel.getByTestId('events-status').waitFor();
    const rows = panel.getByTestId('event-row');
    expect(await panel.getByTestId('events-status').getAttribute('data-count')).toBe('1');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-id')).toBe(wanted.fill.id);
    expect(await rows.first().getAttribute('data-type')).toBe('fill');
    expect(await rows.first().getAttribute('data-symbol')).toBe(SYMBOL);

    // Without the range, the older fill shows too: the range is what left it out.
    await panel.getByTestId('events-from').fill('');
    await panel.getByTestId('events-to').fill('');
    await panel.getByTestId('events-search').click();
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-id')))).toEqual([
      wanted.fill.id,
      old.fill.id,
    ]);

    // Its causal chain: tick, signal, order, fill, with each hop's event time and append time.
    await rows.first().getByTestId('event-chain-button').click();
    const chain = panel.getByTestId('chain');
    await expect.poll(() => chain.getAttribute('data-complete'), { timeout: 10_000 }).toBe('true');
    expect(await nodesOf(chain)).toEqual(expectedNodes(wanted));
    const ids = await chain
      .getByTestId('chain-node')
      .evaluateAll((all) => all.map((n) => n.getAttribute('data-id')));
    expect(ids).toEqual([wanted.tick.id, wanted.signal.id, wanted.order.id, wanted.fill.id]);
    const appendHops = await chain
      .getByTestId('chain-hop')
      .evaluateAll((all) => all.map((hop) => Number(hop.getAttribute('data-append-ms'))));
    expect(appendHops).toHaveLength(3);
    for (const ms of appendHops) expect(ms).toBeGreaterThanOrEqual(0);
    // tick → fill: 1 ms of event time (200 + 300 + 500 µs).
    expect(await chain.getByTestId('chain-total').textContent()).toBe('1 ms');
    await screenshot(page, 'monitor-events-chain');

    // The Latency tab's latest fills open the same chain.
    await openTab(page, 'latency');
    const latency = page.getByTestId('panel-latency');
    const latest = latency.locator(`[data-testid="latest-fill"][data-id="${wanted.fill.id}"]`);
    await latest.waitFor({ timeout: 10_000 });
    await latest.click();
    const fromLatency = latency.getByTestId('chain');
    await expect.poll(() => fromLatency.getAttribute('data-complete'), { timeout: 10_000 }).toBe('true');
    expect(await nodesOf(fromLatency)).toEqual(expectedNodes(wanted));
    await screenshot(page, 'monitor-events-latency-chain');
    expectNoProblems(monitor);
  });
});
