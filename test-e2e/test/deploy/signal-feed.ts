// The input of the rollout tests: an endless deterministic stream of signals over a dozen
// symbols (long / short / flat, mostly tight quotes, some thin or wide: fills, partial fills,
// rejections), and a feeder that publishes it at a steady rate until told to stop — events
// keep flowing through every step of a rollout, as a market feed would.
import { createHash } from 'node:crypto';
import { createEvent, derivedEventId, type SignalEvent } from '@tickflow/events';
import { createPublisher, pause } from '@tickflow/streams';
import type { Redis } from 'ioredis';

export const SYMBOLS = Array.from({ length: 12 }, (_, i) => `SYM${String(i).padStart(2, '0')}USDT`);
export const STRATEGY_ID = 'rollout-test';
const T0 = 1_582_329_600_000_000_000n;
const MS = 1_000_000n;
const STRENGTHS = ['0.25', '0.5', '0.75', '1'];

/** Uniform draws in [0, 1) for signal `n`, from a hash: any index, in any order, the same. */
function draws(n: number): number[] {
  const digest = createHash('sha256').update(`rollout:${n}`).digest();
  return [0, 4, 8, 12].map((offset) => digest.readUInt32BE(offset) / 2 ** 32);
}

/** Signal number `n` of the feed: symbols in turn, 10 ms of event time apart. */
export function signalAt(n: number): SignalEvent {
  const symbol = SYMBOLS[n % SYMBOLS.length] as string;
  const [pick = 0, strength = 0, spread = 0, size = 0] = draws(n);
  const mid = Math.round((100 + 5 * Math.sin(n / 150)) * 100) / 100;
  const half = spread < 0.08 ? 1 : 0.01; // 8 %: outside a 50 bps price band
  const ts = T0 + BigInt(n) * 10n * MS;
  return createEvent({
    type: 'signal',
    id: derivedEventId({ scope: 'rollout-feed', cause: symbol, index: n }),
    ts_event: ts,
    ts_init: ts,
    data: {
      symbol,
      signal: pick < 0.42 ? 'long' : pick < 0.84 ? 'short' : 'flat',
      strength: STRENGTHS[Math.floor(strength * STRENGTHS.length)] ?? '1',
      strategy_id: STRATEGY_ID,
      reason: `rollout signal ${n}`,
      quote: {
        bid_price: (mid - half).toFixed(2),
        bid_size: size > 0.85 ? '1.5' : '100', // 15 %: thin, partial fills
        ask_price: (mid + half).toFixed(2),
        ask_size: size > 0.85 ? '1.5' : '100',
      },
    },
  });
}

export interface Feed {
  /** Signals published so far, in order. */
  readonly published: readonly SignalEvent[];
  /** Stops after the batch in progress; resolves with every signal published. */
  stop(): Promise<readonly SignalEvent[]>;
}

/** Publishes `batch` signals every `everyMs` (a feed rate, not a wait) until stopped. */
export function startFeed(
  redis: Redis,
  namespace: string,
  partitions: number,
  { batch = 8, everyMs = 10 } = {},
): Feed {
  const publisher = createPublisher(redis, { namespace, partitions });
  const published: SignalEvent[] = [];
  const stopping = new AbortController();
  const running = (async () => {
    while (!stopping.signal.aborted) {
      const next = Array.from({ length: batch }, (_, i) => signalAt(published.length + i));
      await publisher.publishAll(next);
      published.push(...next);
      await pause(everyMs, stopping.signal);
    }
  })();
  return {
    published,
    async stop() {
      stopping.abort();
      await running;
      return published;
    },
  };
}

/** Publishes `signals` at once: the input of the undisturbed reference run. */
export async function publishSignals(
  redis: Redis,
  namespace: string,
  partitions: number,
  signals: readonly SignalEvent[],
): Promise<void> {
  await createPublisher(redis, { namespace, partitions }).publishAll(signals);
}
