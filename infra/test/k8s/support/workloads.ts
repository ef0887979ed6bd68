// Typed views of the rendered objects the checks read: workloads and their pod templates,
// containers, and the rendered ConfigMaps' data.
import type { K8sObject } from './render.ts';

export interface Port {
  readonly name?: string;
  readonly containerPort: number;
}
export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    readonly fieldRef?: { readonly fieldPath: string };
    readonly secretKeyRef?: { readonly name: string; readonly key: string };
    readonly configMapKeyRef?: { readonly name: string; readonly key: string };
  };
}
export interface Probe {
  readonly httpGet?: { readonly path?: string; readonly port: string | number };
  readonly tcpSocket?: { readonly port: string | number };
  readonly exec?: unknown;
}
export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly ports?: readonly Port[];
  readonly env?: readonly EnvVar[];
  readonly envFrom?: readonly {
    readonly configMapRef?: { readonly name: string };
    readonly secretRef?: { readonly name: string };
  }[];
  readonly livenessProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly resources?: {
    readonly requests?: Record<string, string>;
    readonly limits?: Record<string, string>;
  };
  readonly securityContext?: Record<string, unknown>;
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string }[];
}
export interface KeyToPath {
  readonly key: string;
  readonly path: string;
}
export interface Volume {
  readonly name: string;
  readonly emptyDir?: unknown;
  readonly configMap?: { readonly name: string };
  readonly secret?: { readonly secretName: string; readonly items?: readonly KeyToPath[] };
  readonly projected?: {
    readonly sources: readonly {
      readonly secret?: { readonly name: string; readonly items?: readonly KeyToPath[] };
    }[];
  };
}
export interface PodSpec {
  readonly containers: readonly Container[];
  readonly initContainers?: readonly (Container & { readonly command?: readonly string[] })[];
  readonly volumes?: readonly Volume[];
  readonly securityContext?: Record<string, unknown>;
  readonly terminationGracePeriodSeconds?: number;
}
export interface Workload {
  readonly object: K8sObject;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly pod: PodSpec;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet']);

export function workloads(objects: readonly K8sObject[]): Workload[] {
  return objects
    .filter((object) => WORKLOAD_KINDS.has(object.kind))
    .map((object) => {
      const template = (object.spec as { template: { metadata?: Record<string, never>; spec: PodSpec } })
        .template;
      return {
        object,
        name: object.metadata.name,
        labels: template.metadata?.labels ?? {},
        annotations: template.metadata?.annotations ?? {},
        pod: template.spec,
      };
    });
}

/** Whether every pair of `selector` is among `labels` (an empty selector selects nothing here). */
export function selects(
  selector: Readonly<Record<string, string>> | undefined,
  labels: Readonly<Record<string, string>>,
) {
  const pairs = Object.entries(selector ?? {});
  return pairs.length > 0 && pairs.every(([key, value]) => labels[key] === value);
}

export function byKind(objects: readonly K8sObject[], kind: string): K8sObject[] {
  return objects.filter((object) => object.kind === kind);
}

/** The data of the ConfigMap named `name` (its rendered, hashed name). */
export function configMapData(
  objects: readonly K8sObject[],
  name: string,
): Record<string, string> | undefined {
  const found = byKind(objects, 'ConfigMap').find((object) => object.metadata.name === name);
  return found ? ((found.data as Record<string, string> | undefined) ?? {}) : undefined;
}

/** The environment a container gets from its ConfigMaps and literal values (later wins). */
export function plainEnvironment(
  objects: readonly K8sObject[],
  container: Container,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef)
      Object.assign(environment, configMapData(objects, source.configMapRef.name) ?? {});
  }
  for (const variable of container.env ?? [])
    if (variable.value !== undefined) environment[variable.name] = variable.value;
  return environment;
}

/** Whether `port` (a number or a port name) is one of the container's ports. */
export function isContainerPort(container: Container, port: string | number | undefined): boolean {
  return (container.ports ?? []).some(
    (p) => p.containerPort === port || (p.name !== undefined && p.name === port),
  );
}
