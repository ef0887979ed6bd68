// The consumers' KEDA `prometheus` triggers as an overlay renders them, and the HPA's answer
// to the query's value, written as PromQL so that promtool computes it from the very query
// KEDA sends (keda-query.int.test.ts).
import type { K8sObject } from './render.ts';

export interface BacklogTrigger {
  /** The ScaledObject's name. */
  readonly name: string;
  /** Its Kubernetes namespace (the overlay's). */
  readonly namespace: string;
  /** The Deployment it scales: the consumer service, whose group bears its name. */
  readonly target: string;
  readonly query: string;
  readonly threshold: number;
  readonly metricType: string | undefined;
  readonly ignoreNullValues: string | undefined;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly fallbackReplicas: number | undefined;
}

interface ScaledObjectSpec {
  readonly scaleTargetRef: { readonly name: string };
  readonly minReplicaCount?: number;
  readonly maxReplicaCount?: number;
  readonly fallback?: { readonly replicas: number };
  readonly triggers: readonly {
    readonly type: string;
    readonly metricType?: string;
    readonly metadata: Readonly<Record<string, string>>;
  }[];
}

// KEDA's defaults when a ScaledObject leaves the counts out (keda.sh/docs, ScaledObject spec).
const KEDA_DEFAULT_MIN = 0;
const KEDA_DEFAULT_MAX = 100;

/** Every ScaledObject's one prometheus trigger; throws on any other shape (scaling-policy.ts says why). */
export function backlogTriggers(objects: readonly K8sObject[]): BacklogTrigger[] {
  return objects
    .filter((object) => object.kind === 'ScaledObject')
    .map((object) => {
      const name = object.metadata.name;
      const spec = object.spec as ScaledObjectSpec;
      const [trigger, ...others] = spec.triggers;
      if (trigger === undefined || others.length > 0 || trigger.type !== 'prometheus')
        throw new Error(`ScaledObject/${name}: expected exactly one prometheus trigger`);
      const { query, threshold, ignoreNullValues } = trigger.metadata;
      if (query === undefined || !(Number(threshold) > 0))
        throw new Error(`ScaledObject/${name}: the trigger needs a query and a positive threshold`);
      return {
        name,
        namespace: object.metadata.namespace ?? 'default',
        target: spec.scaleTargetRef.name,
        query,
        threshold: Number(threshold),
        metricType: trigger.metricType,
        ignoreNullValues,
        minReplicas: spec.minReplicaCount ?? KEDA_DEFAULT_MIN,
        maxReplicas: spec.maxReplicaCount ?? KEDA_DEFAULT_MAX,
        fallbackReplicas: spec.fallback?.replicas,
      };
    });
}

/**
 * The replicas the HPA that KEDA creates asks for, as PromQL over the trigger's query. With
 * `metricType: AverageValue` the threshold is a target per pod: desired = ceil(backlog /
 * threshold), kept within [minReplicaCount, maxReplicaCount] (the HPA's floor is 1 while KEDA
 * has not scaled to zero). The HPA's 10 % tolerance and the scale-up/down policies only pace
 * the way there; they do not change where it goes. No answer stays no answer: KEDA reports
 * an error then, and its `fallback` decides.
 */
export function desiredReplicasExpr(trigger: BacklogTrigger): string {
  const floor = Math.max(1, trigger.minReplicas);
  return `clamp(ceil((${trigger.query}) / ${trigger.threshold}), ${floor}, ${trigger.maxReplicas})`;
}
