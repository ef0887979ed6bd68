// An open circuit on the Consumer groups tab: a real consumer whose handler keeps failing
// opens its circuit and reports it; the page shows the state on its group, flagged behind.
import { createEvent } from '@tickflow/events';
import { type Consumer, createConsumer, createPublisher } from '@tickflow/streams';
import { afterAll, describe, expect, it } from 'vitest';
import { browserForThisFile, expectNoProblems, openTab, screenshot, signIn } from './support/browser.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { READ_TOKEN } from './support/http.ts';
import { startReplayService } from './support/replay-service.ts';

const file = redisForThisFile();
const browser = browserForThisFile();
const SOURCE = { namespace: 'circuits', partitions: 1 };
let consumer: Consumer | undefined;

afterAll(async () => {
  await consumer?.stop();
});

describe('the Consumer groups tab', () => {
  it('shows a handler’s open circuit on its group, which stands out as behind', async () => {
    consumer = createConsumer({
      connection: { url: file.server.url },
      ...SOURCE,
      group: 'pricing',
      circuitFailureThreshold: 2,
      circuitCoolDownMs: 60_000,
      maxDeliveries: 1_000,
      retryBaseDelayMs: 10,
      retryMaxDelayMs: 20,
      blockMs: 250,
    });
    consumer.on(
      'market_data',
      () => {
        throw new Error('price feed down');
      },
      { name: 'quotes' },
    );
    await consumer.start();
    const { api } = await startReplayService({ url: file.server.url, ...SOURCE });
    const monitor = await browser.open(api, 'monitor-circuits');
    const { page } = monitor;
    await signIn(page, READ_TOKEN, 'read');
    await openTab(page, 'groups');

    await createPublisher(file.redis, SOURCE).publishAll([
      createEvent({
        type: 'market_data',
        ts_event: 1_700_000_000_000_000_000n,
        data: { kind: 'trade', symbol: 'AAA', venue: 'test', price: '1.5', size: '1', aggressor_side: 'buy' },
      }),
    ]);
    const row = page.locator('[data-testid="group-row"][data-group="pricing"]');
    await row.locator('[data-testid="group-circuits"][data-open="true"]').waitFor({ timeout: 20_000 });
    expect(await row.getAttribute('data-behind')).toBe('true');
    expect(await row.getByTestId('group-circuits').textContent()).toContain('open');
    expect(await row.getByTestId('group-circuits').textContent()).toContain('quotes');
    await screenshot(page, 'monitor-circuits');
    expectNoProblems(monitor);
  });
});
