// One delivery of one event to every handler of its type, in priority order, each behind its
// circuit breaker. The first failure ends the delivery (the later handlers do not run) and is
// handed back with the handler that failed; the caller undoes the attempt and asks the policy.
// While every handler returns synchronously (and every circuit is closed) the delivery is
// synchronous too: a batch of synchronous handlers never waits on a promise per entry.
// Each handler call runs inside its process span (tracing/process-spans.ts).
import type { Context, Span } from '@opentelemetry/api';
import type { AnyEvent } from '@tickflow/events';
import type { HandlerContext, Registration } from './handlers.ts';
import type { PartitionLabels, StreamsMetrics } from './metrics.ts';
import { type PartitionTrace, partitionTrace } from './tracing/partition-trace.ts';
import {
  callInSpan,
  processFailed,
  processParent,
  processSucceeded,
  startProcess,
} from './tracing/process-spans.ts';

export type Delivery =
  | { readonly outcome: 'handled' }
  | { readonly outcome: 'failed'; readonly registration: Registration; readonly error: unknown }
  | { readonly outcome: 'aborted' };

const HANDLED: Delivery = { outcome: 'handled' };
const ABORTED: Delivery = { outcome: 'aborted' };

interface Run {
  readonly event: AnyEvent;
  readonly registrations: readonly Registration[];
  readonly context: HandlerContext;
  readonly metrics: StreamsMetrics;
  readonly labels: PartitionLabels;
}

export function runHandlers(run: Run): Delivery | Promise<Delivery> {
  const { event, registrations, context } = run;
  const partition = partitionTrace(run.labels);
  const parent = processParent(event);
  for (let index = 0; index < registrations.length; index++) {
    const registration = registrations[index] as Registration;
    if (registration.breaker.state !== 'closed') return runFrom(run, index, partition, parent);
    if (context.signal.aborted) return ABORTED;
    const span = startProcess(partition, parent, run, registration.name);
    const started = performance.now();
    let handled: void | Promise<void>;
    try {
      handled = callInSpan(span, parent, registration.handle, event, context);
    } catch (error) {
      return failed(run, registration, error, started, partition, span);
    }
    if (handled !== undefined) {
      return handled.then(
        () => {
          succeeded(run, registration, started, partition, span);
          return runFrom(run, index + 1, partition, parent);
        },
        (error: unknown) => failed(run, registration, error, started, partition, span),
      );
    }
    succeeded(run, registration, started, partition, span);
  }
  return HANDLED;
}

/** The rest of a delivery, from handler `first` on, once something had to be awaited. */
async function runFrom(
  run: Run,
  first: number,
  partition: PartitionTrace,
  parent: Context,
): Promise<Delivery> {
  const { event, registrations, context } = run;
  for (let index = first; index < registrations.length; index++) {
    const registration = registrations[index] as Registration;
    if (registration.breaker.state !== 'closed') await registration.breaker.ready(context.signal);
    if (context.signal.aborted) return ABORTED;
    const span = startProcess(partition, parent, run, registration.name);
    const started = performance.now();
    try {
      await callInSpan(span, parent, registration.handle, event, context);
    } catch (error) {
      return failed(run, registration, error, started, partition, span);
    }
    succeeded(run, registration, started, partition, span);
  }
  return HANDLED;
}

/** One handler call done: its latency, its circuit, its process span ended. */
function succeeded(
  run: Run,
  registration: Registration,
  started: number,
  partition: PartitionTrace,
  span: Span,
): void {
  processSucceeded(partition, span, run, registration.name);
  run.metrics.handlerLatencyMs(run.labels, registration.name, performance.now() - started);
  registration.breaker.success();
}

function failed(
  run: Run,
  registration: Registration,
  error: unknown,
  started: number,
  partition: PartitionTrace,
  span: Span,
): Delivery {
  processFailed(partition, span, run, registration.name, error);
  run.metrics.handlerLatencyMs(run.labels, registration.name, performance.now() - started);
  if (run.context.signal.aborted) {
    // Ends a half-open trial, which would otherwise hold the other partitions' calls.
    registration.breaker.inconclusive();
    return ABORTED;
  }
  return { outcome: 'failed', registration, error };
}
