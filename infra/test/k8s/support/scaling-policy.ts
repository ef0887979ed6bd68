// What decision 0023 asks of every consumer's autoscaling, checked on a rendered overlay.
import type { K8sObject } from './render.ts';
import { idOf } from './render.ts';
import { byKind, plainEnvironment, workloads } from './workloads.ts';

/** The prometheus scaler's metadata fields (keda.sh/docs/latest/scalers/prometheus). */
export const PROMETHEUS_TRIGGER_FIELDS = new Set([
  'serverAddress',
  'query',
  'queryParameters',
  'threshold',
  'activationThreshold',
  'namespace',
  'customHeaders',
  'ignoreNullValues',
  'unsafeSsl',
  'timeout',
  'authModes',
]);

interface ScaledObjectSpec {
  readonly scaleTargetRef: { readonly name: string };
  readonly minReplicaCount?: number;
  readonly maxReplicaCount?: number;
  readonly cooldownPeriod?: number;
  readonly fallback?: { readonly replicas: number };
  readonly advanced?: {
    readonly horizontalPodAutoscalerConfig?: {
      readonly behavior?: { readonly scaleDown?: { readonly stabilizationWindowSeconds?: number } };
    };
  };
  readonly triggers: readonly {
    readonly type: string;
    readonly metadata: Readonly<Record<string, string>>;
    readonly authenticationRef?: { readonly name: string };
  }[];
}

function triggerProblems(id: string, group: string, spec: ScaledObjectSpec): string[] {
  const problems: string[] = [];
  const [trigger, ...others] = spec.triggers;
  if (trigger === undefined || others.length > 0 || trigger.type !== 'prometheus')
    return [`${id}: expected one prometheus trigger on the summed backlog`];
  for (const field of Object.keys(trigger.metadata))
    if (!PROMETHEUS_TRIGGER_FIELDS.has(field))
      problems.push(`${id}: unknown prometheus trigger field ${field}`);
  const { query = '', ignoreNullValues, authModes } = trigger.metadata;
  if (ignoreNullValues !== 'false')
    problems.push(`${id}: ignoreNullValues must be "false" (an empty answer is no zero backlog)`);
  if (authModes !== 'bearer' || trigger.authenticationRef === undefined)
    problems.push(`${id}: Prometheus credentials must come from a TriggerAuthentication (authModes bearer)`);
  for (const metric of [
    'tickflow_group_lag_entries',
    'tickflow_group_pending_entries',
    'tickflow_stream_length_entries',
  ])
    if (!query.includes(metric)) problems.push(`${id}: the query does not read ${metric}`);
  if (!query.includes(`group="${group}"`) && !query.includes(`group=~"${group}|`))
    problems.push(`${id}: the query does not select group ${group}`);
  if (!/^\s*sum\(/.test(query)) problems.push(`${id}: the query must sum over the partitions`);
  return problems;
}

/** Problems of the consumers' ScaledObjects in one rendered overlay. */
export function scalingProblems(objects: readonly K8sObject[]): string[] {
  const scaled = byKind(objects, 'ScaledObject');
  return workloads(objects)
    .filter(
      (workload) =>
        workload.object.kind === 'Deployment' &&
        workload.labels['app.kubernetes.io/component'] === 'consumer',
    )
    .flatMap((workload) => {
      const object = scaled.find((s) => (s.spec as ScaledObjectSpec).scaleTargetRef.name === workload.name);
      if (object === undefined) return [`${idOf(workload.object)}: a consumer without a ScaledObject`];
      const id = idOf(object);
      const spec = object.spec as ScaledObjectSpec;
      const container = workload.pod.containers[0];
      const partitions = Number(
        container ? (plainEnvironment(objects, container).TICKFLOW_PARTITIONS ?? 8) : 8,
      );
      const problems: string[] = [];
      if ((workload.object.spec as { replicas?: number }).replicas !== undefined)
        problems.push(`${idOf(workload.object)}: sets replicas, which every apply would reset under KEDA`);
      if (spec.maxReplicaCount !== partitions)
        problems.push(
          `${id}: maxReplicaCount ${spec.maxReplicaCount} is not TICKFLOW_PARTITIONS (${partitions})`,
        );
      const min = spec.minReplicaCount ?? 0;
      if (min < 1)
        problems.push(`${id}: minReplicaCount ${min}: consumers do not scale to zero (decision 0023)`);
      const fallback = spec.fallback?.replicas;
      if (fallback === undefined || fallback < min || fallback > partitions)
        problems.push(`${id}: fallback replicas ${fallback} not between min and max`);
      const scaleDown =
        spec.advanced?.horizontalPodAutoscalerConfig?.behavior?.scaleDown?.stabilizationWindowSeconds;
      if (scaleDown === undefined || scaleDown < 60)
        problems.push(`${id}: scale-down cooldown (stabilization window) under 60 s`);
      return [...problems, ...triggerProblems(id, workload.name, spec)];
    });
}
