// What every rendered overlay must say about the pods (security, probes, grace, consumer
// name, /tmp, scraping, budgets, network) and the consumers' autoscaling (decision 0023);
// each check also shown failing on a broken copy.
import { basename } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readStrategyServices } from '../../redis/acl/strategy-services.ts';
import { brokenCopy } from './support/broken-copy.ts';
import { podPolicyProblems } from './support/pod-policy.ts';
import { K8S_DIR, type K8sObject, overlayDirs, render } from './support/render.ts';
import { scalingProblems } from './support/scaling-policy.ts';

describe.each(overlayDirs().map((dir) => [basename(dir), dir]))('overlay %s', (_name, dir) => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = render(dir);
  });
  it('gives every pod its security context, probes, grace, consumer name, budget and policies', () => {
    expect(podPolicyProblems(objects)).toEqual([]);
  });
  // The three consumers, and each generated strategy service (strategy-services.json).
  it('scales every consumer on its summed backlog, up to one replica per partition', () => {
    expect(scalingProblems(objects)).toEqual([]);
    expect(
      objects
        .filter((o) => o.kind === 'ScaledObject')
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(['fill-recorder', 'order-router', 'signal-engine', ...readStrategyServices()].sort());
  });
});

describe('given a broken copy of the dev render', () => {
  let dev: K8sObject[];
  beforeAll(() => {
    dev = render(`${K8S_DIR}/overlays/dev`);
  });
  const container = ['spec', 'template', 'spec', 'containers', 0];

  it('reports a writable root filesystem, a short grace and a consumer name not from the pod', () => {
    const objects = brokenCopy(dev, 'Deployment', 'order-router', [
      [['spec', 'template', 'spec', 'terminationGracePeriodSeconds'], 20],
      [[...container, 'securityContext', 'readOnlyRootFilesystem'], false],
      [
        [...container, 'env', { name: 'TICKFLOW_CONSUMER_NAME' }, 'valueFrom', 'fieldRef', 'fieldPath'],
        'metadata.uid',
      ],
    ]);
    expect(podPolicyProblems(objects)).toEqual([
      'Deployment/order-router service: root filesystem is writable',
      'Deployment/order-router: terminationGracePeriodSeconds 20 s is not above SHUTDOWN_GRACE_MS 20000',
      "Deployment/order-router: TICKFLOW_CONSUMER_NAME is not the pod's name (downward API)",
    ]);
  });

  it('reports ingress beyond the HTTP port and egress to anything else', () => {
    const objects = brokenCopy(dev, 'NetworkPolicy', 'fill-recorder', [
      [['spec', 'ingress', '-'], { ports: [{ port: 22 }] }],
      [['spec', 'egress', '-'], { ports: [{ port: 5432 }] }],
    ]);
    expect(podPolicyProblems(objects)).toEqual([
      'Deployment/fill-recorder: ingress beyond the HTTP port (22)',
      'Deployment/fill-recorder: egress to port(s) 5432 is not DNS, OTLP, Redis or an allowed exception',
    ]);
  });

  it('reports a ScaledObject allowed past the partitions, to zero, or reading no lag', () => {
    const objects = brokenCopy(dev, 'ScaledObject', 'signal-engine', [
      [['spec', 'maxReplicaCount'], 16],
      [['spec', 'minReplicaCount'], 0],
      [['spec', 'triggers', 0, 'metadata', 'query'], 'sum(tickflow_consumer_lag_entries)'],
    ]);
    expect(scalingProblems(objects)).toEqual([
      'ScaledObject/signal-engine: maxReplicaCount 16 is not TICKFLOW_PARTITIONS (8)',
      'ScaledObject/signal-engine: minReplicaCount 0: consumers do not scale to zero (decision 0023)',
      'ScaledObject/signal-engine: the query does not read tickflow_group_lag_entries',
      'ScaledObject/signal-engine: the query does not read tickflow_group_pending_entries',
      'ScaledObject/signal-engine: the query does not read tickflow_stream_length_entries',
      'ScaledObject/signal-engine: the query does not select group signal-engine',
    ]);
  });
});
