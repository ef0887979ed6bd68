// Cross-references of one rendered overlay: what points at what by name or label must exist.
// Each check returns readable problems ("Service/x selects no pod …"), empty when all is well.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { idOf, K8S_DIR, type K8sObject } from './render.ts';
import { byKind, type Container, isContainerPort, selects, type Workload, workloads } from './workloads.ts';

export interface ExternalSecret {
  /** May contain `{service}`: the referencing workload's app.kubernetes.io/name. */
  readonly name: string;
  readonly keys: readonly string[];
}

/** The documented list of Secrets created outside the repository (infra/k8s/external-secrets.yaml). */
export function externalSecrets(k8sDir: string = K8S_DIR): ExternalSecret[] {
  return (parse(readFileSync(join(k8sDir, 'external-secrets.yaml'), 'utf8')) as { secrets: ExternalSecret[] })
    .secrets;
}

interface SecretUse {
  readonly from: string;
  readonly service: string | undefined;
  readonly name: string;
  /** undefined: the whole Secret (envFrom, a volume without items). */
  readonly key: string | undefined;
}

function containerSecretUses(from: string, service: string | undefined, container: Container): SecretUse[] {
  return [
    ...(container.envFrom ?? []).flatMap((source) =>
      source.secretRef ? [{ from, service, name: source.secretRef.name, key: undefined }] : [],
    ),
    ...(container.env ?? []).flatMap((variable) => {
      const ref = variable.valueFrom?.secretKeyRef;
      return ref ? [{ from, service, name: ref.name, key: ref.key }] : [];
    }),
  ];
}

function secretUses(objects: readonly K8sObject[]): SecretUse[] {
  const fromWorkloads = workloads(objects).flatMap((workload) => {
    const from = idOf(workload.object);
    const service = workload.labels['app.kubernetes.io/name'];
    const volumeSecrets = (workload.pod.volumes ?? []).flatMap((volume) => [
      ...(volume.secret ? [{ name: volume.secret.secretName, items: volume.secret.items }] : []),
      ...(volume.projected?.sources ?? []).flatMap((source) => (source.secret ? [source.secret] : [])),
    ]);
    return [
      ...[...workload.pod.containers, ...(workload.pod.initContainers ?? [])].flatMap((container) =>
        containerSecretUses(from, service, container),
      ),
      ...volumeSecrets.flatMap(({ name, items }) =>
        (items?.map((item) => item.key) ?? [undefined]).map((key) => ({ from, service, name, key })),
      ),
    ];
  });
  const fromTriggerAuthentications = byKind(objects, 'TriggerAuthentication').flatMap((auth) =>
    ((auth.spec as { secretTargetRef?: { name: string; key: string }[] }).secretTargetRef ?? []).map(
      (ref) => ({
        from: idOf(auth),
        service: (auth.metadata.labels as Record<string, string> | undefined)?.['app.kubernetes.io/name'],
        name: ref.name,
        key: ref.key,
      }),
    ),
  );
  return [...fromWorkloads, ...fromTriggerAuthentications];
}

/** Every Secret used exists in the render (with the key read) or is a documented external one. */
export function secretProblems(objects: readonly K8sObject[], external: readonly ExternalSecret[]): string[] {
  const rendered = new Map(
    byKind(objects, 'Secret').map((secret) => [
      secret.metadata.name,
      Object.keys({ ...(secret.data as object | undefined), ...(secret.stringData as object | undefined) }),
    ]),
  );
  return secretUses(objects).flatMap((use) => {
    const keys =
      rendered.get(use.name) ??
      external.find(
        (documented) => documented.name.replace('{service}', use.service ?? '{service}') === use.name,
      )?.keys;
    if (keys === undefined)
      return [`${use.from} uses Secret ${use.name}, which is neither rendered nor in external-secrets.yaml`];
    if (use.key !== undefined && !keys.includes(use.key))
      return [`${use.from} reads key ${use.key} of Secret ${use.name}, which has ${keys.join(', ')}`];
    return [];
  });
}

/** Every ConfigMap a workload reads is rendered, with the keys it reads. */
export function configMapProblems(objects: readonly K8sObject[]): string[] {
  const rendered = new Map(
    byKind(objects, 'ConfigMap').map((map) => [map.metadata.name, Object.keys((map.data as object) ?? {})]),
  );
  return workloads(objects).flatMap((workload) => {
    const from = idOf(workload.object);
    const uses = [
      ...workload.pod.containers.flatMap((container) => [
        ...(container.envFrom ?? []).flatMap((source) =>
          source.configMapRef ? [{ name: source.configMapRef.name, key: undefined }] : [],
        ),
        ...(container.env ?? []).flatMap((variable) => {
          const ref = variable.valueFrom?.configMapKeyRef;
          return ref ? [{ name: ref.name, key: ref.key as string | undefined }] : [];
        }),
      ]),
      ...(workload.pod.volumes ?? []).flatMap((volume) =>
        volume.configMap ? [{ name: volume.configMap.name, key: undefined }] : [],
      ),
    ];
    return uses.flatMap(({ name, key }) => {
      const keys = rendered.get(name);
      if (keys === undefined) return [`${from} uses ConfigMap ${name}, which the overlay does not render`];
      if (key !== undefined && !keys.includes(key)) return [`${from} reads key ${key} of ConfigMap ${name}`];
      return [];
    });
  });
}

function podsSelectedBy(
  objects: readonly K8sObject[],
  selector: Record<string, string> | undefined,
): Workload[] {
  return workloads(objects).filter((workload) => selects(selector, workload.labels));
}

/** Services, PodDisruptionBudgets and NetworkPolicies select pods of a workload; Service ports exist. */
export function selectorProblems(objects: readonly K8sObject[]): string[] {
  const services = byKind(objects, 'Service').flatMap((service) => {
    const spec = service.spec as {
      selector?: Record<string, string>;
      ports: { targetPort?: string | number; port: number }[];
    };
    const selected = podsSelectedBy(objects, spec.selector);
    if (selected.length === 0) return [`${idOf(service)} selects no Deployment's or StatefulSet's pods`];
    return spec.ports.flatMap((port) =>
      selected.every((workload) =>
        workload.pod.containers.some((c) => isContainerPort(c, port.targetPort ?? port.port)),
      )
        ? []
        : [
            `${idOf(service)} targets port ${port.targetPort ?? port.port}, not a container port of ${selected.map((w) => w.name).join(', ')}`,
          ],
    );
  });
  const budgets = byKind(objects, 'PodDisruptionBudget').flatMap((budget) => {
    const selector = (budget.spec as { selector?: { matchLabels?: Record<string, string> } }).selector
      ?.matchLabels;
    return podsSelectedBy(objects, selector).length === 0 ? [`${idOf(budget)} selects no pods`] : [];
  });
  const policies = byKind(objects, 'NetworkPolicy').flatMap((policy) => {
    const selector = (policy.spec as { podSelector: { matchLabels?: Record<string, string> } }).podSelector
      .matchLabels;
    return podsSelectedBy(objects, selector).length === 0 ? [`${idOf(policy)} selects no pods`] : [];
  });
  return [...services, ...budgets, ...policies];
}

/** Probe ports and the Prometheus scrape port are container ports. */
export function portProblems(objects: readonly K8sObject[]): string[] {
  return workloads(objects).flatMap((workload) => {
    const from = idOf(workload.object);
    const probes = workload.pod.containers.flatMap((container) =>
      (['livenessProbe', 'readinessProbe'] as const).flatMap((kind) => {
        const probe = container[kind];
        const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
        if (probe === undefined || probe.exec !== undefined) return [];
        return isContainerPort(container, port)
          ? []
          : [`${from} ${container.name} ${kind} port ${port} is not a container port`];
      }),
    );
    const scrape = workload.annotations['prometheus.io/port'];
    const scraped =
      scrape === undefined || workload.pod.containers.some((c) => isContainerPort(c, Number(scrape)))
        ? []
        : [`${from} prometheus.io/port ${scrape} is not a container port`];
    return [...probes, ...scraped];
  });
}

/** ScaledObjects target an existing Deployment (one each), and their triggers' auth exists. */
export function scalingReferenceProblems(objects: readonly K8sObject[]): string[] {
  const deployments = new Set(byKind(objects, 'Deployment').map((d) => d.metadata.name));
  const auths = new Set(byKind(objects, 'TriggerAuthentication').map((a) => a.metadata.name));
  const targeted = new Map<string, string>();
  return byKind(objects, 'ScaledObject').flatMap((scaled) => {
    const spec = scaled.spec as {
      scaleTargetRef: { name: string; kind?: string };
      triggers: { authenticationRef?: { name: string; kind?: string } }[];
    };
    const problems: string[] = [];
    const target = spec.scaleTargetRef;
    if ((target.kind ?? 'Deployment') !== 'Deployment' || !deployments.has(target.name))
      problems.push(
        `${idOf(scaled)} targets ${target.kind ?? 'Deployment'} ${target.name}, which the overlay does not render`,
      );
    const other = targeted.get(target.name);
    if (other !== undefined) problems.push(`${idOf(scaled)} and ${other} both scale ${target.name}`);
    targeted.set(target.name, idOf(scaled));
    for (const trigger of spec.triggers) {
      const ref = trigger.authenticationRef;
      if (ref && ((ref.kind ?? 'TriggerAuthentication') !== 'TriggerAuthentication' || !auths.has(ref.name)))
        problems.push(
          `${idOf(scaled)} uses TriggerAuthentication ${ref.name}, which the overlay does not render`,
        );
    }
    return problems;
  });
}

/** Every cross-reference problem of a rendered overlay. */
export function crossReferenceProblems(
  objects: readonly K8sObject[],
  external: readonly ExternalSecret[],
): string[] {
  return [
    ...selectorProblems(objects),
    ...portProblems(objects),
    ...configMapProblems(objects),
    ...secretProblems(objects, external),
    ...scalingReferenceProblems(objects),
  ];
}
