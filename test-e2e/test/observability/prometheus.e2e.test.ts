// A real Prometheus (Debian's package) scraping the whole pipeline — the four services and
// replay-service, processes on an ephemeral Redis, the synthetic feed flowing — every second,
// with the repository's rules loaded (their `for:` shortened, expressions unchanged). Through
// Prometheus' HTTP API: every target is up; the metric contract's series exist for each
// service with their labels; the counters move; every metric the Grafana dashboard and the
// rules read is one the services really expose (read from their /metrics), and promtool's lint
// passes on every service's page; and the lag alert
// fires while signal-engine is stopped (SIGSTOP) and resolves once it runs again. Last, a
// picture of Prometheus' graph of the rates per type, for the docs.
import { checkMetrics, scrape } from '@tickflow/testkit/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Alert, type PrometheusApi, prometheusApi } from '../support/prometheus-api.ts';
import { type TestConfig, writeTestConfig } from '../support/prometheus-config.ts';
import { CLOCKS, CONTRACT, GROUPS, HOPS } from '../support/prometheus-contract.ts';
import { dashboardQueries, loadDashboard } from '../support/prometheus-dashboard.ts';
import { type ObservedPipeline, startObservedPipeline } from '../support/prometheus-pipeline.ts';
import { type Families, familiesIn, unknownNames } from '../support/prometheus-promql.ts';
import { screenshotGraph } from '../support/prometheus-screenshot.ts';
import { type PrometheusServer, startPrometheus } from '../support/prometheus-server.ts';

/** Every `for:` of the rules in this run: alerts fire seconds after their condition holds. */
const FOR_IN_TEST = '3s';
/** Series Prometheus makes itself, which a rule or a panel may read. */
const PROMETHEUS_OWN = new Set(['up', 'ALERTS', 'ALERTS_FOR_STATE']);
const POLL = { timeout: 45_000, interval: 500 };

describe('Prometheus scraping the pipeline', () => {
  let pipeline: ObservedPipeline | undefined;
  let config: TestConfig | undefined;
  let prometheus: PrometheusServer | undefined;
  let api: PrometheusApi;
  /** When every target was first seen up: where the run's data starts. */
  let firstScraped = 0;

  beforeAll(async () => {
    pipeline = await startObservedPipeline();
    config = writeTestConfig(pipeline.targets, FOR_IN_TEST);
    expect(config.shortened, 'the rules have for: durations to shorten').toBeGreaterThan(0);
    prometheus = await startPrometheus(config.configFile);
    api = prometheusApi(prometheus.url);
    firstScraped = performance.now(); // until the first test sees the targets up
  }, 90_000);

  afterAll(async () => {
    // Each on its own, so one failing does not leave the others running.
    await prometheus?.stop().catch((error: unknown) => console.error('stopping prometheus:', error));
    await pipeline?.stop().catch((error: unknown) => console.error('stopping the pipeline:', error));
    config?.remove();
  }, 60_000);

  const jobs = () => (pipeline as ObservedPipeline).targets.map((target) => target.job);

  it('scrapes every service', async () => {
    await expect
      .poll(async () => {
        const targets = await api.targets();
        return Object.fromEntries(targets.map((t) => [t.labels.job, t.health === 'up' ? 'up' : t.lastError]));
      }, POLL)
      .toEqual(Object.fromEntries(jobs().map((job) => [job, 'up'])));
    firstScraped = performance.now();
  });

  it('has every series of the metric contract, with its labels, from each service that owns it', async () => {
    // Wait for the pipeline to have carried events end to end: then every series exists.
    await expect.poll(() => api.query('tickflow_pipeline_latency_seconds_count'), POLL).not.toEqual([]);
    const problems: string[] = [];
    const metadata = await api.targetMetadata();
    const declared = new Set(metadata.map((m) => `${m.target.job} ${m.metric}`));
    for (const metric of CONTRACT) {
      const jobsOf = metric.services.map((service) => `tickflow-${service}`);
      for (const job of jobsOf)
        if (!declared.has(`${job} ${metric.name}`)) problems.push(`${metric.name}: not exposed by ${job}`);
      if (metric.kind !== 'series') continue;
      const selector = metric.histogram ? `${metric.name}_bucket` : metric.name;
      const samples = await api.query(`count by (${['job', ...metric.labels].join(', ')}) (${selector})`);
      for (const job of jobsOf) {
        const ofJob = samples.filter((sample) => sample.metric.job === job);
        if (ofJob.length === 0) problems.push(`${metric.name}: no series from ${job}`);
        for (const sample of ofJob)
          for (const label of metric.labels)
            if (!sample.metric[label]) problems.push(`${metric.name} from ${job}: a series without ${label}`);
      }
    }
    expect(problems).toEqual([]);
    // The old `stream` label (type and partition in one string) is gone.
    expect(await api.query('count by (__name__) ({__name__=~"tickflow_.+", stream!=""})')).toEqual([]);
  });

  it('sees the observer report on every consumer group, and the latency of every hop on both clocks', async () => {
    const groups = async () =>
      (await api.query('count by (group) (tickflow_group_lag_entries)')).map((s) => s.metric.group).sort();
    await expect.poll(groups, POLL).toEqual([...GROUPS].sort());
    const hops = async () =>
      (await api.query('count by (hop, clock) (tickflow_pipeline_latency_seconds_count)'))
        .map((s) => `${s.metric.hop} ${s.metric.clock}`)
        .sort();
    await expect
      .poll(hops, POLL)
      .toEqual(HOPS.flatMap((hop) => CLOCKS.map((clock) => `${hop} ${clock}`)).sort());
  });

  it('counts events moving through every stage', async () => {
    const moving = async (expr: string) =>
      (await api.query(`sum by (job, type) (rate(${expr}[10s])) > 0`))
        .map((s) => `${s.metric.job} ${s.metric.type}`)
        .sort();
    await expect
      .poll(() => moving('tickflow_events_published_total'), POLL)
      .toEqual(
        [
          'tickflow-market-data-ingest market_data',
          'tickflow-order-router fill',
          'tickflow-order-router order',
          'tickflow-signal-engine signal',
        ].sort(),
      );
    await expect
      .poll(() => moving('tickflow_events_consumed_total'), POLL)
      .toEqual(
        [
          'tickflow-fill-recorder fill',
          'tickflow-order-router signal',
          'tickflow-signal-engine market_data',
        ].sort(),
      );
  });

  it("passes promtool's lint on every service's /metrics page, once the pipeline has run", async () => {
    // After the latency test: by now every histogram and labelled family has samples.
    const lint: Record<string, string> = {};
    for (const { job, address } of (pipeline as ObservedPipeline).targets) {
      const { text } = await scrape(`http://${address}`);
      const { status, output } = checkMetrics(text);
      lint[job] = status === 0 && output === '' ? 'clean' : `exit ${status}: ${output}`;
    }
    expect(lint).toEqual(Object.fromEntries(jobs().map((job) => [job, 'clean'])));
  });

  /** The families every service exposes, read from their /metrics (not from Prometheus). */
  const exposedFamilies = async (): Promise<Families> => {
    const all: Families = new Map();
    for (const { address } of (pipeline as ObservedPipeline).targets) {
      const response = await fetch(`http://${address}/metrics`);
      expect(response.ok, `GET ${address}/metrics`).toBe(true);
      for (const [name, type] of familiesIn(await response.text())) all.set(name, type);
    }
    return all;
  };

  it('has the rules loaded and healthy, each reading only metrics the services expose', async () => {
    await expect
      .poll(
        async () => (await api.rules()).filter((rule) => rule.health !== 'ok').map((rule) => rule.name),
        POLL,
      )
      .toEqual([]);
    const rules = await api.rules();
    const recorded = new Set(rules.filter((rule) => rule.type === 'recording').map((rule) => rule.name));
    const families = await exposedFamilies();
    const known = new Set([...PROMETHEUS_OWN, ...recorded]);
    const unknown = rules.flatMap((rule) =>
      unknownNames(rule.query, families, known).map((name) => `${rule.name}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('has a Grafana dashboard reading only metrics the services expose', async () => {
    const recorded = (await api.rules()).filter((rule) => rule.type === 'recording').map((rule) => rule.name);
    const families = await exposedFamilies();
    const known = new Set([...PROMETHEUS_OWN, ...recorded]);
    const queries = dashboardQueries(loadDashboard());
    expect(queries.length).toBeGreaterThan(0);
    const unknown = queries.flatMap((query) =>
      unknownNames(query.expr, families, known).map((name) => `${query.where}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('fires the lag alert while signal-engine is stopped, and resolves it once it runs again', async () => {
    const engine = (pipeline as ObservedPipeline).services.get('signal-engine');
    const pid = engine?.child.pid;
    if (pid === undefined) throw new Error('signal-engine is not running');
    const active = async (name: string, match: (alert: Alert) => boolean) =>
      (await api.alerts())
        .filter((alert) => alert.labels.alertname === name && match(alert))
        .map((a) => a.state);
    const lagOfEngine = () => active('TickflowConsumerLagGrowing', (a) => a.labels.group === 'signal-engine');
    const engineDown = () => active('TickflowServiceDown', (a) => a.labels.job === 'tickflow-signal-engine');
    // Quiet on a steady pipeline first: 10 s (over three times the test's `for:`) of the
    // group's lag in Prometheus, and the alert never even pending in that time.
    const lagSamples = async () =>
      (
        await api.query(
          'count_over_time(tickflow_group_lag_entries{group="signal-engine",partition="0"}[1m])',
        )
      )[0]?.value ?? 0;
    await expect.poll(lagSamples, POLL).toBeGreaterThanOrEqual(10);
    expect(await api.query('count_over_time(ALERTS{alertname="TickflowConsumerLagGrowing"}[1m])')).toEqual(
      [],
    );
    expect(await lagOfEngine()).toEqual([]);

    process.kill(pid, 'SIGSTOP');
    try {
      // Ingest keeps publishing; Redis' lag of the group grows, the observer reports it.
      await expect.poll(lagOfEngine, POLL).toEqual(['firing']);
      await expect.poll(engineDown, POLL).toEqual(['firing']);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // It catches up: the lag falls under the threshold and stops growing.
    await expect.poll(lagOfEngine, POLL).toEqual([]);
    await expect.poll(engineDown, POLL).toEqual([]);
    // Each wait has its own deadline; ~15 s in all when nothing is wrong.
  }, 120_000);

  it("draws the rates per type on Prometheus' graph page", async () => {
    // The graph spans the run's data (from the first scrape, plus 2 s), so the run fills it.
    const seconds = Math.ceil((performance.now() - firstScraped) / 1000) + 2;
    const path = await screenshotGraph((prometheus as PrometheusServer).url, {
      expr: 'sum by (type) (rate(tickflow_events_published_total[5s]))',
      range: `${seconds}s`,
      name: 'prometheus-rates',
    });
    expect(path).toMatch(/prometheus-rates\.png$/);
  });

  it('ran every service without an error logged', () => {
    expect((pipeline as ObservedPipeline).errors()).toEqual([]);
  });
});
