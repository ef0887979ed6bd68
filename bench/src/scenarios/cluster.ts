// 8. cluster (issue #19): the publish and hop scenarios' own code on a 3-master Redis Cluster
// (testkit, loopback, no replicas, no persistence — as the single Redis) and on the single
// Redis, in the same run: project on the cluster against project on the single Redis, raw
// against raw (raw on the cluster: a plain ioredis Cluster, one pipeline per slot). Every
// server runs on this machine's cores beside the bench's processes, so the ratios show the
// cluster's overhead (client-side slot routing, a pipeline per slot, more connections), not
// scale-out. Also: Redis CPU and memory per event per master (for capacity planning), and the
// cost of WAIT 1 on a master with a replica (cluster-wait.ts).
import { clusterUrlOf, startRedisCluster } from '@tickflow/testkit';
import { backendOf, openServers, type PerEntry } from '../cluster-servers.ts';
import type { BenchOptions } from '../options.ts';
import { besideRaw, type Metric, type ScenarioResult } from '../report.ts';
import { type HopRun, hopRuns, type PublishRun, publishRuns, type Side } from './cluster-runs.ts';
import { WAIT_TIMEOUT_MS, type WaitCost, waitCost } from './cluster-wait.ts';

export const CLUSTER_MASTERS = 3;

interface Backend {
  readonly name: 'single' | 'cluster';
  readonly servers: readonly string[];
  readonly publish: Record<Side, PublishRun>;
  readonly hop: Record<Side, HopRun>;
}

export async function clusterScenario(singleUrl: string, options: BenchOptions): Promise<ScenarioResult> {
  const cluster = await startRedisCluster({ masters: CLUSTER_MASTERS });
  let single: Backend;
  let sharded: Backend;
  try {
    const clusterUrl = clusterUrlOf(cluster);
    single = await runOn(singleUrl, options);
    sharded = await runOn(clusterUrl, options);
  } finally {
    await cluster.stop();
  }
  const wait = await waitCost(options);
  return {
    scenario: 'cluster',
    status: 'ok',
    metrics: [...comparison(sharded, single), ...waitMetrics(wait)],
    notes: notes(sharded, single, wait),
  };
}

/** Publish runs, then hop runs, on one backend (each from an empty backend). */
async function runOn(url: string, options: BenchOptions): Promise<Backend> {
  const servers = await openServers(url);
  try {
    const publish = await publishRuns(servers, url, options);
    const hop = await hopRuns(servers, url, options);
    return { name: backendOf(url), servers: servers.names, publish, hop };
  } finally {
    await servers.flush();
    servers.close();
  }
}

/** Cluster against single, side by side: ratio = cluster / single. */
function comparison(cluster: Backend, single: Backend): Metric[] {
  const metrics: Metric[] = [];
  const vs = (name: string, unit: string, of: (backend: Backend) => number, lowerIsBetter = false) =>
    metrics.push(besideRaw(name, unit, of(cluster), of(single), lowerIsBetter, 'single'));
  for (const side of ['project', 'raw'] as const) {
    vs(`publish ${side}: cluster`, 'events/s', (b) => b.publish[side].eventsPerS);
  }
  for (const side of ['project', 'raw'] as const) {
    vs(`hop sustained ${side}: cluster`, 'events/s', (b) => b.hop[side].figures.sustained);
  }
  for (const side of ['project', 'raw'] as const) {
    vs(`hop p99 at 10k/s ${side}: cluster`, 'ms', (b) => b.hop[side].figures.p99Ms, true);
  }
  for (const side of ['project', 'raw'] as const) {
    vs(
      `Redis CPU per published event ${side}: cluster`,
      'µs',
      (b) => b.publish[side].stored.totalCpuUsPerEntry,
      true,
    );
  }
  vs('Redis CPU per hop event project: cluster', 'µs', (b) => b.hop.project.spent.totalCpuUsPerEntry, true);
  for (const side of ['project', 'raw'] as const) {
    vs(
      `memory per stored event ${side}: cluster`,
      'B',
      (b) => b.publish[side].stored.totalBytesPerEntry,
      true,
    );
  }
  return metrics;
}

function waitMetrics(wait: WaitCost): Metric[] {
  const name = `WAIT 1 ${WAIT_TIMEOUT_MS}`;
  return [
    besideRaw(
      `${name} after each batch: publish`,
      'events/s',
      wait.with.eventsPerS,
      wait.without.eventsPerS,
      false,
      'no WAIT',
    ),
    besideRaw(`${name}: publish p50 at 10k/s`, 'ms', wait.with.p50Ms, wait.without.p50Ms, true, 'no WAIT'),
    besideRaw(`${name}: publish p99 at 10k/s`, 'ms', wait.with.p99Ms, wait.without.p99Ms, true, 'no WAIT'),
  ];
}

const ratio = (a: number, b: number) => `${(b > 0 ? a / b : 0).toFixed(2)}×`;
const round = (value: number) => Math.round(value).toLocaleString('en-US');

function notes(cluster: Backend, single: Backend, wait: WaitCost): string[] {
  const lines = [
    `${CLUSTER_MASTERS} masters, no replicas, no persistence, on loopback beside the bench's processes: the ratios show the cluster's overhead on this machine, not scale-out`,
  ];
  for (const backend of [single, cluster]) {
    lines.push(
      `${backend.name}: project/raw publish ${ratio(backend.publish.project.eventsPerS, backend.publish.raw.eventsPerS)}, hop sustained ${ratio(backend.hop.project.figures.sustained, backend.hop.raw.figures.sustained)}, hop p99 ${ratio(backend.hop.project.figures.p99Ms, backend.hop.raw.figures.p99Ms)}`,
    );
  }
  for (const backend of [single, cluster]) {
    lines.push(
      `${backend.name} per server (${backend.servers.join(', ')}): project publish ${perServer(backend.publish.project.stored)}; project hop ${perServer(backend.hop.project.spent, false)}`,
    );
  }
  lines.push(
    `WAIT: 1 master + 1 replica on loopback; ${wait.with.waits} WAITs, ${wait.with.timeouts} timed out (${WAIT_TIMEOUT_MS} ms); ${wait.waitaof}`,
  );
  return lines;
}

/**
 * Entries, bytes and Redis CPU per entry per server, and the events/s that server would take
 * with its core fully busy (1 s / CPU per event).
 */
function perServer(figures: PerEntry, memory = true): string {
  return figures.entries
    .map((entries, i) => {
      const cpuUs = figures.cpuUsPerEntry[i] ?? 0;
      const bytes = memory ? `, ${round(figures.bytesPerEntry[i] ?? 0)} B` : '';
      return `[${round(entries)} events${bytes}, ${cpuUs.toFixed(2)} µs CPU each = ${round(cpuUs > 0 ? 1e6 / cpuUs : 0)}/s at a full core]`;
    })
    .join(' ');
}
