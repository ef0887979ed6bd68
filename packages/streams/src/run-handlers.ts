// One delivery of one event to every handler of its type, in priority order, each behind its
// circuit breaker. The first failure ends the delivery with the policy's verdict (the later
// handlers do not run); the caller undoes the attempt and carries the verdict out.
import type { AnyEvent } from '@tickflow/events';
import { type Attempt, afterFailure, type Verdict } from './delivery-policy.ts';
import type { HandlerContext, Registration } from './handlers.ts';
import type { PartitionLabels } from './metrics.ts';
import type { ResolvedConsumerOptions } from './options.ts';

export type Delivery =
  | { readonly outcome: 'handled' }
  | { readonly outcome: 'failed'; readonly handler: string; readonly verdict: Verdict }
  | { readonly outcome: 'aborted' };

const HANDLED: Delivery = { outcome: 'handled' };
const ABORTED: Delivery = { outcome: 'aborted' };

export async function runHandlers(
  event: AnyEvent,
  registrations: readonly Registration[],
  context: HandlerContext,
  attempt: Attempt,
  config: ResolvedConsumerOptions,
  labels: PartitionLabels,
): Promise<Delivery> {
  const { signal } = context;
  for (const registration of registrations) {
    // While closed (the usual case) there is nothing to wait for: skip the promise.
    if (registration.breaker.state !== 'closed') await registration.breaker.ready(signal);
    if (signal.aborted) return ABORTED;
    const started = performance.now();
    try {
      const handled = registration.handle(event, context);
      if (handled !== undefined) await handled;
      registration.breaker.success();
    } catch (error) {
      if (signal.aborted) {
        // Ends a half-open trial, which would otherwise hold the other partitions' calls.
        registration.breaker.inconclusive();
        return ABORTED;
      }
      const verdict = afterFailure(error, registration.name, attempt, registration.breaker, config);
      return { outcome: 'failed', handler: registration.name, verdict };
    } finally {
      config.metrics.handlerLatencyMs(labels, registration.name, performance.now() - started);
    }
  }
  return HANDLED;
}
