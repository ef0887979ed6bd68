// One delivery to the handlers of an event: in priority order, stopping at the first failure
// with the handler that failed; synchronous while every handler is (no promise per entry on
// the hot path), asynchronous from the first handler that returns a promise.
import { createEvent } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { createHandlerRegistry, type HandlerContext } from '../src/handlers.ts';
import { noopMetrics } from '../src/metrics.ts';
import { runHandlers } from '../src/run-handlers.ts';

const event = createEvent({
  type: 'market_data',
  ts_event: 1n,
  data: { kind: 'trade', symbol: 'AAA', venue: 'v', price: '1', size: '1', aggressor_side: 'buy' },
});
const context = { signal: new AbortController().signal } as HandlerContext;
const labels = { stream: 's', type: 'market_data', partition: '0', group: 'g' } as const;

function registry(...handlers: ((calls: string[]) => void | Promise<void>)[]) {
  const calls: string[] = [];
  const handlersOf = createHandlerRegistry({
    failureThreshold: 10,
    coolDownMs: 1_000,
    onChange: () => undefined,
  });
  for (const [n, handler] of handlers.entries()) {
    handlersOf.add('market_data', () => handler(calls), { name: `h${n}`, priority: -n });
  }
  const run = () =>
    runHandlers({
      event,
      registrations: handlersOf.forType('market_data'),
      context,
      metrics: noopMetrics,
      labels,
    });
  return { calls, run };
}

describe('runHandlers', () => {
  it('given synchronous handlers, then the delivery is synchronous and runs them in priority order', () => {
    const { calls, run } = registry(
      (c) => void c.push('first'),
      (c) => void c.push('second'),
    );
    const delivery = run();
    expect(delivery).not.toBeInstanceOf(Promise);
    expect(delivery).toEqual({ outcome: 'handled' });
    expect(calls).toEqual(['first', 'second']);
  });

  it('given a handler that returns a promise, then the rest runs after it, asynchronously', async () => {
    const { calls, run } = registry(
      (c) => void c.push('sync'),
      async (c) => {
        await Promise.resolve();
        c.push('async');
      },
      (c) => void c.push('after'),
    );
    const delivery = run();
    expect(delivery).toBeInstanceOf(Promise);
    expect(calls).toEqual(['sync']);
    expect(await delivery).toEqual({ outcome: 'handled' });
    expect(calls).toEqual(['sync', 'async', 'after']);
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('boom');
      },
    ],
    [
      'rejects',
      async () => {
        throw new Error('boom');
      },
    ],
  ])(
    'given a handler that %s, then the later ones do not run and the failing one is named',
    async (_, failing) => {
      const { calls, run } = registry(
        (c) => void c.push('first'),
        failing,
        (c) => void c.push('never'),
      );
      const delivery = await run();
      expect(delivery).toMatchObject({
        outcome: 'failed',
        registration: { name: 'h1' },
        error: new Error('boom'),
      });
      expect(calls).toEqual(['first']);
    },
  );
});
