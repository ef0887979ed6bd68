// The real Binance BTCUSDT quotes through market-data-ingest and signal-engine, as separate
// processes on an ephemeral Redis: a fixed set of signals comes out — the same counts, the
// same first and last signals, the same ids — on every run, on every machine.
import { TARDIS_QUOTES } from '@tickflow/demo/settings';
import { nsToIso, partitionKeys, type SignalEvent } from '@tickflow/events';
import { connect, readEvents, streamBacklogs } from '@tickflow/streams';
import { startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { startService } from './support/processes.ts';

const NAMESPACE = 'e2e';
const PARTITIONS = 4;

describe('Tardis quotes → ingest → signal-engine', () => {
  it('gives a fixed set of signals', async () => {
    const server = await startEphemeralRedis();
    const redis = await connect({ url: server.url }, 'commands');
    const env = {
      REDIS_URL: server.url,
      TICKFLOW_NAMESPACE: NAMESPACE,
      TICKFLOW_PARTITIONS: String(PARTITIONS),
    };
    try {
      const ingest = startService('market-data-ingest', {
        ...env,
        INGEST_SOURCE: 'tardis-quotes',
        INGEST_PATH: TARDIS_QUOTES,
      });
      expect(await ingest.exited, ingest.output()).toBe(0);

      const engine = startService('signal-engine', env);
      // Drained: every market-data stream that exists has signal-engine's group (both
      // strategies share it) with no lag and nothing pending.
      const groupsDrained = async () => {
        let streams = 0;
        for (let p = 0; p < PARTITIONS; p++) {
          const backlogs = await streamBacklogs(redis, partitionKeys(NAMESPACE, 'market_data', p).stream);
          if (backlogs.size === 0) continue;
          streams++;
          const engine = backlogs.get('signal-engine');
          if (engine === undefined || engine.lag !== 0 || engine.pending !== 0) return false;
        }
        return streams > 0;
      };
      await waitFor(groupsDrained, {
        timeoutMs: 60_000,
        intervalMs: 200,
        description: 'both strategies through all quotes',
      });
      engine.child.kill('SIGTERM');
      expect(await engine.exited, engine.output()).toBe(0);

      const signals: SignalEvent[] = [];
      for await (const { event } of readEvents(redis, {
        namespace: NAMESPACE,
        type: 'signal',
        partitions: PARTITIONS,
      })) {
        if (event.type === 'signal') signals.push(event);
      }
      const byStrategy = Map.groupBy(signals, (signal) => signal.data.strategy_id);
      const summary = (list: SignalEvent[] = []) => ({
        count: list.length,
        kinds: Object.fromEntries(
          [...Map.groupBy(list, (s) => s.data.signal)].map(([kind, l]) => [kind, l.length]),
        ),
        first: brief(list[0]),
        last: brief(list.at(-1)),
      });
      expect(summary(byStrategy.get('sma-crossover'))).toEqual(EXPECTED['sma-crossover']);
      expect(summary(byStrategy.get('mean-reversion'))).toEqual(EXPECTED['mean-reversion']);
      expect(new Set(signals.map((s) => s.id)).size).toBe(signals.length);
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
});

function brief(signal: SignalEvent | undefined) {
  if (!signal) return undefined;
  return {
    id: signal.id,
    at: nsToIso(signal.ts_event),
    signal: signal.data.signal,
    strength: signal.data.strength,
    reason: signal.data.reason,
  };
}

// Pinned from a run; they change only if the data, the ingest ids or a strategy changes.
const EXPECTED: Record<string, unknown> = {
  'sma-crossover': {
    count: 280,
    kinds: {
      short: 140,
      long: 140,
    },
    first: {
      id: 'a409b1ee-65b6-5033-8e70-2de8f7c09ffe',
      at: '2020-02-22T00:00:05.908000000Z',
      signal: 'short',
      strength: '1',
      reason: 'fast SMA(10)=9682.2235 crossed below slow SMA(30)=9682.228833',
    },
    last: {
      id: '5c506782-a52c-51bc-9f53-bf641a556b98',
      at: '2020-02-22T00:03:46.927000000Z',
      signal: 'long',
      strength: '1',
      reason: 'fast SMA(10)=9671.524 crossed above slow SMA(30)=9671.5035',
    },
  },
  'mean-reversion': {
    count: 301,
    kinds: {
      short: 67,
      flat: 139,
      long: 95,
    },
    first: {
      id: '38aea46c-ba9e-5db6-af81-ebd4e5274c39',
      at: '2020-02-22T00:00:05.361000000Z',
      signal: 'short',
      strength: '0.677',
      reason: 'z=2.708 >= entryZ 2: mid 9682.145 vs mean 9681.8092 over 50 quotes',
    },
    last: {
      id: 'dc18b6d3-7c6c-5e23-be63-13241d04a53e',
      at: '2020-02-22T00:03:46.820000000Z',
      signal: 'flat',
      strength: '0.0181',
      reason: 'z=0.072 within exitZ 0.5: mid 9671.705 vs mean 9671.6866 over 50 quotes',
    },
  },
};
