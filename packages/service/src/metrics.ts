// prom-client metrics on one registry that /metrics serves, every series labelled with the
// service's name: Node's defaults, tickflow_build_info, and the streams runtime's hooks
// (metrics/runtime-metrics.ts). Services add their own metrics to the same registry.
import type { StreamsMetrics } from '@tickflow/streams';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { type BuildInfo, readBuildInfo } from './metrics/build-info.ts';
import { createRuntimeMetrics } from './metrics/runtime-metrics.ts';

const MISNAMED_DEFAULT_METRICS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

export interface ServiceMetrics {
  readonly registry: Registry;
  /** Hooks to pass to publishers and consumers. */
  readonly streams: StreamsMetrics;
}

export function createServiceMetrics(service: string, build: BuildInfo = readBuildInfo()): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  // Gauges named like counters, which `promtool check metrics` rejects; each is the sum of
  // the by-type gauge without `_total` (nodejs_active_handles...), so nothing is lost.
  for (const name of MISNAMED_DEFAULT_METRICS) registry.removeSingleMetric(name);
  new Gauge({
    name: 'tickflow_build_info',
    help: "Always 1; the labels say what runs: version (@tickflow/service's package.json), revision (env TICKFLOW_REVISION, else unknown), node_version.",
    labelNames: ['version', 'revision', 'node_version'],
    registers: [registry],
  }).set({ version: build.version, revision: build.revision, node_version: build.nodeVersion }, 1);
  return { registry, streams: createRuntimeMetrics(registry) };
}
