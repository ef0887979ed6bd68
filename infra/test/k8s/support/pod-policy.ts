// What every Tickflow pod must have (issue 18, "Per service"), checked on a rendered overlay:
// the security context, resources, probes, the shutdown grace, the consumer name, the /tmp
// volume, scraping, a disruption budget and network policies that let in the HTTP port only
// and let out DNS, OTLP, Redis (and nothing else but a few named exceptions).
import { idOf, type K8sObject } from './render.ts';
import { byKind, type Container, plainEnvironment, selects, type Workload, workloads } from './workloads.ts';

const DEFAULT_SHUTDOWN_GRACE_MS = 20_000;

export function securityProblems(workload: Workload): string[] {
  const id = idOf(workload.object);
  const pod = workload.pod.securityContext ?? {};
  const problems: string[] = [];
  if (pod.runAsNonRoot !== true) problems.push(`${id}: runAsNonRoot is not true`);
  if ((pod.seccompProfile as { type?: string } | undefined)?.type !== 'RuntimeDefault')
    problems.push(`${id}: seccomp is not RuntimeDefault`);
  for (const container of workload.pod.containers) {
    const context = container.securityContext ?? {};
    const at = `${id} ${container.name}`;
    if (context.allowPrivilegeEscalation !== false)
      problems.push(`${at}: allowPrivilegeEscalation is not false`);
    if (context.readOnlyRootFilesystem !== true) problems.push(`${at}: root filesystem is writable`);
    if (!((context.capabilities as { drop?: string[] } | undefined)?.drop ?? []).includes('ALL'))
      problems.push(`${at}: capabilities not dropped`);
    const { requests = {}, limits = {} } = container.resources ?? {};
    if (!requests.cpu || !requests.memory || !limits.memory)
      problems.push(`${at}: resources need cpu and memory requests and a memory limit`);
  }
  return problems;
}

function serviceContainerProblems(
  objects: readonly K8sObject[],
  workload: Workload,
  container: Container,
): string[] {
  const id = idOf(workload.object);
  const problems: string[] = [];
  if (container.livenessProbe?.httpGet?.path !== '/healthz')
    problems.push(`${id}: liveness is not GET /healthz`);
  if (container.readinessProbe?.httpGet?.path !== '/readyz')
    problems.push(`${id}: readiness is not GET /readyz`);
  const graceMs = Number(plainEnvironment(objects, container).SHUTDOWN_GRACE_MS ?? DEFAULT_SHUTDOWN_GRACE_MS);
  const podGraceMs = (workload.pod.terminationGracePeriodSeconds ?? 30) * 1000;
  if (podGraceMs <= graceMs)
    problems.push(
      `${id}: terminationGracePeriodSeconds ${podGraceMs / 1000} s is not above SHUTDOWN_GRACE_MS ${graceMs}`,
    );
  const consumerName = container.env?.find((variable) => variable.name === 'TICKFLOW_CONSUMER_NAME');
  if (
    consumerName?.valueFrom?.fieldRef?.fieldPath !== 'metadata.name' &&
    workload.labels['app.kubernetes.io/component'] === 'consumer'
  )
    problems.push(`${id}: TICKFLOW_CONSUMER_NAME is not the pod's name (downward API)`);
  const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
  if (!workload.pod.volumes?.some((volume) => volume.name === tmp?.name && volume.emptyDir !== undefined))
    problems.push(`${id}: no emptyDir at /tmp (the root filesystem is read-only)`);
  if (
    workload.annotations['prometheus.io/scrape'] !== 'true' ||
    workload.annotations['prometheus.io/path'] !== '/metrics'
  )
    problems.push(`${id}: not annotated for scraping /metrics`);
  return problems;
}

interface PolicyPeer {
  readonly podSelector?: { readonly matchLabels?: Record<string, string> };
  readonly namespaceSelector?: unknown;
  readonly ipBlock?: { readonly cidr: string };
}
interface PolicyRule {
  readonly ports?: readonly { readonly port?: number | string }[];
  readonly to?: readonly PolicyPeer[];
}

/** Egress a Tickflow service may have: DNS, OTLP, Redis; another Tickflow pod's HTTP port; the feed for ingest. */
function egressProblems(
  objects: readonly K8sObject[],
  workload: Workload,
  rules: readonly PolicyRule[],
  redisPort: number,
): string[] {
  const id = idOf(workload.object);
  const tickflowPods = workloads(objects).filter((w) => w.labels['app.kubernetes.io/part-of'] === 'tickflow');
  return rules.flatMap((rule) => {
    const ports = (rule.ports ?? []).map((p) => Number(p.port));
    if (ports.length === 0) return [`${id}: an egress rule open to every port`];
    if (
      ports.every((p) => p === 53) ||
      ports.every((p) => p === 4317 || p === 4318) ||
      ports.every((p) => p === redisPort)
    )
      return [];
    const toTickflow = (rule.to ?? []).every(
      (peer) => !peer.ipBlock && tickflowPods.some((w) => selects(peer.podSelector?.matchLabels, w.labels)),
    );
    if (ports.every((p) => p === 8080) && toTickflow) return [];
    if (ports.every((p) => p === 443) && workload.name === 'market-data-ingest') return [];
    return [`${id}: egress to port(s) ${ports.join(', ')} is not DNS, OTLP, Redis or an allowed exception`];
  });
}

function networkProblems(objects: readonly K8sObject[], workload: Workload, container: Container): string[] {
  const id = idOf(workload.object);
  const policies = byKind(objects, 'NetworkPolicy').filter((policy) =>
    selects(
      (policy.spec as { podSelector: { matchLabels?: Record<string, string> } }).podSelector.matchLabels,
      workload.labels,
    ),
  );
  const spec = (policy: K8sObject) =>
    policy.spec as { policyTypes?: string[]; ingress?: PolicyRule[]; egress?: PolicyRule[] };
  const problems: string[] = [];
  if (!policies.some((p) => spec(p).policyTypes?.includes('Ingress')))
    problems.push(`${id}: no NetworkPolicy restricts its ingress`);
  if (!policies.some((p) => spec(p).policyTypes?.includes('Egress')))
    problems.push(`${id}: no NetworkPolicy restricts its egress`);
  const httpPort = container.ports?.find((p) => p.name === 'http')?.containerPort;
  for (const rule of policies.flatMap((p) => spec(p).ingress ?? [])) {
    const ports = (rule.ports ?? []).map((p) => p.port);
    if (ports.length === 0 || ports.some((p) => p !== httpPort && p !== 'http'))
      problems.push(`${id}: ingress beyond the HTTP port (${ports.join(', ') || 'all'})`);
  }
  const redisUrl = plainEnvironment(objects, container).REDIS_URL ?? '';
  const redisPort = Number(
    /:(\d+)(?:\/|$)/.exec(redisUrl.replace(/^rediss?:\/\/[^@]*@/, 'x://'))?.[1] ?? 6379,
  );
  const egress = policies.flatMap((p) => spec(p).egress ?? []);
  problems.push(...egressProblems(objects, workload, egress, redisPort));
  if (!egress.some((rule) => (rule.ports ?? []).some((p) => Number(p.port) === redisPort)))
    problems.push(`${id}: no NetworkPolicy lets it reach Redis on port ${redisPort}`);
  return problems;
}

/** Every problem of the Tickflow services' pods (and the security of every workload) in an overlay. */
export function podPolicyProblems(objects: readonly K8sObject[]): string[] {
  const budgets = byKind(objects, 'PodDisruptionBudget');
  return workloads(objects).flatMap((workload) => {
    const security = securityProblems(workload);
    if (workload.object.kind !== 'Deployment' || workload.labels['app.kubernetes.io/part-of'] !== 'tickflow')
      return security;
    const container = workload.pod.containers[0] as Container;
    const budgeted = budgets.some((b) =>
      selects(
        (b.spec as { selector: { matchLabels?: Record<string, string> } }).selector.matchLabels,
        workload.labels,
      ),
    );
    return [
      ...security,
      ...serviceContainerProblems(objects, workload, container),
      ...networkProblems(objects, workload, container),
      ...(budgeted ? [] : [`${idOf(workload.object)}: no PodDisruptionBudget`]),
    ];
  });
}
