// With no SDK registered (tracing off, the default of every service) the runtime's tracing
// calls make nothing per event: no span object per handler call or publish, no context
// injected, the event published as it is.
import { partitionKeys } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { partitionLabels } from '../../src/metrics.ts';
import { partitionTrace } from '../../src/tracing/partition-trace.ts';
import { processParent, startProcess } from '../../src/tracing/process-spans.ts';
import { type PublishItem, startPublishSpans } from '../../src/tracing/publish-spans.ts';
import { tick } from '../support/ticks.ts';

describe('tracing off (no SDK)', () => {
  it('makes no span per handler call and none per publish, and leaves the events as they are', () => {
    const keys = partitionKeys('off', 'market_data', 0);
    const partition = partitionTrace(partitionLabels(keys, 'g'));
    const event = tick('AAA', 1);
    const run = { event, context: { entryId: '1-0', deliveries: 1 } };
    const parent = processParent(event);
    // One shared nothing-span, where the API's no-op tracer would make a new one per call.
    expect(startProcess(partition, parent, run, 'h')).toBe(startProcess(partition, parent, run, 'h'));
    const items: PublishItem[] = [
      { event, keys },
      { event: tick('AAA', 2), keys },
    ];
    expect(startPublishSpans(items, 0)).toBeUndefined();
    expect(startPublishSpans(items, 1)).toBeUndefined();
    expect(items[0]?.event).toBe(event);
  });
});
