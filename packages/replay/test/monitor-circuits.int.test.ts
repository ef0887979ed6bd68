// Circuit states in the monitor: a real consumer whose handler keeps failing opens its
// circuit and reports it to Redis; the snapshot shows it on the group, flagged; a report
// left by a consumer that is no longer a member is not shown.
import { groupKeys } from '@tickflow/events';
import { type Consumer, createConsumer, createPublisher } from '@tickflow/streams';
import { waitFor } from '@tickflow/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { createMonitor } from '../src/monitor/monitor.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { liveTrade } from './support/q-events.ts';

const scope = { namespace: 'circ', partitions: 1 };
const group = 'flaky-group';
const file = redisForThisFile();
let consumer: Consumer | undefined;

afterAll(async () => {
  await consumer?.stop();
});

describe('the monitor and circuit breakers', () => {
  it('shows an open circuit on its group, flagged, and ignores reports of consumers gone', async () => {
    // A consumer killed without a stop leaves its report behind: it must not show as open.
    await file.redis.hset(
      groupKeys(scope.namespace, group).circuits,
      'gone-consumer/ledger',
      '{"state":"open","at":1}',
    );
    consumer = createConsumer({
      connection: { url: file.server.url },
      ...scope,
      group,
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
        throw new Error('downstream unavailable');
      },
      { name: 'ledger' },
    );
    await consumer.start();
    const monitor = createMonitor(file.redis, scope);
    const before = (await monitor.snapshot()).groups.find((health) => health.group === group);
    expect(before).toMatchObject({ circuitOpen: false, circuits: [] });

    await createPublisher(file.redis, scope).publishAll([liveTrade('AAA', 1_700_000_000_000_000_000n)]);
    const open = await waitFor(
      async () =>
        (await monitor.snapshot()).groups.find((health) => health.group === group && health.circuitOpen),
      { timeoutMs: 15_000, description: 'the open circuit in a snapshot' },
    );
    expect(open.behind).toBe(true);
    expect(open.circuits).toEqual([
      { consumer: consumer.name, handler: 'ledger', state: 'open', sinceMs: expect.any(Number) },
    ]);
  });
});
