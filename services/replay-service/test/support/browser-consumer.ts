// A real consumer group on a namespace's market data whose handler has a bug for one event:
// it throws a PermanentError for it until the test "fixes" the handler, so the runtime
// dead-letters that entry (kind `permanent`, the error's message as its reason) and applies
// every other. `applied` lists the event ids the handler took: after a requeue and the fix,
// the poison event shows up there.
import { createConsumer, PermanentError } from '@tickflow/streams';
import type { Scope } from './browser-events.ts';

export interface FixableConsumer {
  /**
   * Event ids the handler took, in order. A batch with a failure is undone and its other
   * entries handled again, so an id may show more than once: compare as a set.
   */
  readonly applied: string[];
  /** From now on the handler takes the poison event too. */
  fix(): void;
  stop(): Promise<void>;
}

export async function startFixableConsumer(
  url: string,
  scope: Scope,
  group: string,
  poison: { eventId: string; reason: string },
): Promise<FixableConsumer> {
  const applied: string[] = [];
  let fixed = false;
  const consumer = createConsumer({
    connection: { url },
    ...scope,
    group,
    consumerName: `${group}-a`,
    batchSize: 50,
    blockMs: 200,
    leaseTtlMs: 2_000,
    leaseRenewMs: 250,
    maxDeliveries: 2,
    retryBaseDelayMs: 10,
    retryMaxDelayMs: 20,
    shutdownGraceMs: 5_000,
  });
  consumer.on('market_data', (event) => {
    if (event.id === poison.eventId && !fixed) throw new PermanentError(poison.reason);
    applied.push(event.id);
  });
  await consumer.start();
  return {
    applied,
    fix: () => {
      fixed = true;
    },
    stop: () => consumer.stop(),
  };
}
