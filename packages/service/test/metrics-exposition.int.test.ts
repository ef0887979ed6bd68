// A real service's /metrics, after a consumer and a publisher have worked (so histograms and
// labelled series exist): Prometheus' linter finds nothing to say, and every name of the
// runtime's list (metric-names.ts, which dashboards and alert rules are checked against)
// is served with at least one sample.
import { readFileSync } from 'node:fs';
import { createEvent, type MarketDataEvent } from '@tickflow/events';
import { PermanentError, type Publisher } from '@tickflow/streams';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { checkMetrics, matching, type Sample, scrape, seriesValue } from '@tickflow/testkit/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type RunningService, runService } from '../src/index.ts';
import { RUNTIME_HISTOGRAM_NAMES, RUNTIME_METRIC_NAMES } from '../src/metrics/metric-names.ts';

interface PackageJson {
  readonly version: string;
}

let server: EphemeralRedis;
beforeAll(async () => {
  server = await startEphemeralRedis();
});
afterAll(async () => {
  await server?.stop();
});

const trade = (symbol: string, n: number): MarketDataEvent =>
  createEvent({
    type: 'market_data',
    ts_event: BigInt(n),
    data: {
      kind: 'trade',
      symbol,
      venue: 'test',
      price: '1.5',
      size: '1',
      aggressor_side: 'buy',
      trade_id: String(n),
    },
  });

describe('a service’s /metrics', () => {
  it('passes promtool check metrics and serves every runtime metric, labelled by type and partition', async () => {
    let publisher: Publisher | undefined;
    let failedOnce = false;
    const running = (await runService(
      {
        name: 'metrics-test',
        config: z.object({}),
        setup(service) {
          publisher = service.publisher;
          service
            .createConsumer({
              group: 'mx',
              leaseTtlMs: 1_000,
              leaseRenewMs: 200,
              retryBaseDelayMs: 10,
              retryMaxDelayMs: 50,
              // One failure opens the circuit, so its gauge has a series too.
              circuitFailureThreshold: 1,
              circuitCoolDownMs: 100,
            })
            .on('market_data', (event) => {
              if (event.key === 'POISON') throw new PermanentError('cannot ever handle this');
              if (event.key === 'FLAKY' && !failedOnce) {
                failedOnce = true;
                throw new Error('downstream busy');
              }
            });
        },
      },
      {
        env: {
          REDIS_URL: server.url,
          HTTP_PORT: '0',
          HTTP_HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
          TICKFLOW_NAMESPACE: 'mx',
          TICKFLOW_PARTITIONS: '2',
          TICKFLOW_REVISION: 'rev-under-test',
        },
        handleSignals: false,
      },
    )) as RunningService;
    try {
      const events = [
        ...Array.from({ length: 20 }, (_, n) => trade(`S${n % 4}`, n)),
        trade('FLAKY', 1),
        trade('POISON', 1),
      ];
      await (publisher as Publisher).publishAll(events);
      const sum = (samples: readonly Sample[], name: string) =>
        matching(samples, name).reduce((total, sample) => total + sample.value, 0);
      const { text, samples } = await waitFor(
        async () => {
          const current = await scrape(`http://127.0.0.1:${running.port}`);
          const settled =
            sum(current.samples, 'tickflow_events_acked_total') === events.length - 1 &&
            sum(current.samples, 'tickflow_events_dead_lettered_total') === 1 &&
            sum(current.samples, 'tickflow_consumer_lag_entries') === 0 &&
            matching(current.samples, 'tickflow_consumer_oldest_pending_age_seconds').length > 0;
          return settled && current;
        },
        { timeoutMs: 30_000, description: 'every event acked or dead-lettered, and the backlog sampled' },
      );

      const lint = checkMetrics(text);
      expect(lint.output).toBe('');
      expect(lint.status).toBe(0);

      const served = new Set(samples.map((sample) => sample.name));
      const histograms: readonly string[] = RUNTIME_HISTOGRAM_NAMES;
      const missing = RUNTIME_METRIC_NAMES.filter(
        (name) => !served.has(histograms.includes(name) ? `${name}_bucket` : name),
      );
      expect(missing).toEqual([]);

      const tickflow = samples.filter((sample) => sample.name.startsWith('tickflow_'));
      expect(tickflow.filter((sample) => 'stream' in sample.labels)).toEqual([]);
      expect(tickflow.every((sample) => sample.labels.service === 'metrics-test')).toBe(true);
      expect(sum(samples, 'tickflow_events_published_total')).toBe(events.length);
      expect(sum(samples, 'tickflow_events_consumed_total')).toBeGreaterThanOrEqual(events.length);
      const deadLettered = tickflow.filter(
        (sample) => sample.name === 'tickflow_events_dead_lettered_total' && sample.value > 0,
      );
      expect(deadLettered).toEqual([
        {
          name: 'tickflow_events_dead_lettered_total',
          labels: {
            service: 'metrics-test',
            type: 'market_data',
            partition: expect.stringMatching(/^[01]$/),
            group: 'mx',
            kind: 'permanent',
          },
          value: 1,
        },
      ]);
      expect(sum(samples, 'tickflow_handler_retries_total')).toBe(1);
      // Every event once, FLAKY twice (more when a failure makes its batch run again).
      expect(
        seriesValue(
          samples,
          'tickflow_handler_duration_seconds_count',
          { type: 'market_data', group: 'mx', handler: 'market_data#1' },
          { exact: true },
        ),
      ).toBeGreaterThanOrEqual(events.length + 1);
      expect(sum(samples, 'tickflow_partition_owned')).toBe(2);
      expect(
        seriesValue(
          samples,
          'tickflow_build_info',
          {
            version: (
              JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as PackageJson
            ).version,
            revision: 'rev-under-test',
            node_version: process.version,
          },
          { exact: true },
        ),
      ).toBe(1);
    } finally {
      expect(await running.stop()).toBe(0);
    }
  });
});
