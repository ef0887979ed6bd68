// (3) Cross-references of every rendered overlay — Services, budgets and policies select
// pods, ScaledObjects target Deployments, every ConfigMap/Secret read exists or is a
// documented external Secret, probe ports are container ports, TriggerAuthentications exist —
// and each check fails on a copy of the dev render broken in the way it guards against.
import { basename } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { brokenCopy } from './support/broken-copy.ts';
import { crossReferenceProblems, externalSecrets } from './support/references.ts';
import { K8S_DIR, type K8sObject, overlayDirs, render } from './support/render.ts';

describe.each(overlayDirs().map((dir) => [basename(dir), dir]))('overlay %s', (_name, dir) => {
  it('has every reference resolved', () => {
    expect(crossReferenceProblems(render(dir), externalSecrets())).toEqual([]);
  });
});

describe('each check, given a broken copy of the dev render', () => {
  let dev: K8sObject[];
  beforeAll(() => {
    dev = render(`${K8S_DIR}/overlays/dev`);
  });
  const problems = (objects: K8sObject[]) => crossReferenceProblems(objects, externalSecrets());
  const container = ['spec', 'template', 'spec', 'containers', 0];
  const env = (name: string) => [...container, 'env', { name }, 'valueFrom', 'secretKeyRef'];

  it('reports a Service that selects no pods', () => {
    const objects = brokenCopy(dev, 'Service', 'order-router', [
      [['spec', 'selector', 'app.kubernetes.io/name'], 'order-routr'],
    ]);
    expect(problems(objects)).toEqual(["Service/order-router selects no Deployment's or StatefulSet's pods"]);
  });

  it('reports a ScaledObject whose Deployment is missing, and a missing TriggerAuthentication', () => {
    const objects = brokenCopy(dev, 'ScaledObject', 'fill-recorder', [
      [['spec', 'scaleTargetRef', 'name'], 'fill-recorders'],
      [['spec', 'triggers', 0, 'authenticationRef', 'name'], 'nobody'],
    ]);
    expect(problems(objects)).toEqual([
      'ScaledObject/fill-recorder targets Deployment fill-recorders, which the overlay does not render',
      'ScaledObject/fill-recorder uses TriggerAuthentication nobody, which the overlay does not render',
    ]);
  });

  it('reports a Secret neither rendered nor documented, and a missing key', () => {
    const objects = brokenCopy(dev, 'Deployment', 'replay-service', [
      [[...env('API_READ_TOKEN'), 'name'], 'replay-tokens'],
      [[...env('REPLAY_LEDGER_TOKEN'), 'key'], 'token'],
    ]);
    expect(problems(objects)).toEqual([
      'Deployment/replay-service uses Secret replay-tokens, which is neither rendered nor in external-secrets.yaml',
      expect.stringMatching(
        /^Deployment\/replay-service reads key token of Secret fill-recorder-api-\w+, which has /,
      ),
    ]);
  });

  it('reports a Secret of a projected volume (the dev Redis’ passwords) neither rendered nor documented', () => {
    const sources = ['spec', 'template', 'spec', 'volumes', { name: 'passwords' }, 'projected', 'sources'];
    const objects = brokenCopy(dev, 'StatefulSet', 'redis', [
      [[...sources, 0, 'secret', 'name'], 'ingest-password'],
    ]);
    expect(problems(objects)).toEqual([
      'StatefulSet/redis uses Secret ingest-password, which is neither rendered nor in external-secrets.yaml',
    ]);
  });

  it('accepts a documented external Secret, per service', () => {
    const objects = brokenCopy(dev, 'Deployment', 'signal-engine', [
      [[...env('REDIS_USERNAME'), 'name'], 'signal-engine-redis'],
    ]);
    expect(problems(objects)).toEqual([]);
    const wrongService = brokenCopy(dev, 'Deployment', 'signal-engine', [
      [[...env('REDIS_USERNAME'), 'name'], 'order-router-redis'],
    ]);
    expect(problems(wrongService)).toHaveLength(1);
  });

  it('reports a ConfigMap the overlay does not render', () => {
    const objects = brokenCopy(dev, 'Deployment', 'market-data-ingest', [
      [[...container, 'envFrom', 1, 'configMapRef', 'name'], 'market-data-ingest-config'],
    ]);
    expect(problems(objects)).toEqual([
      'Deployment/market-data-ingest uses ConfigMap market-data-ingest-config, which the overlay does not render',
    ]);
  });

  it('reports a probe port that is no container port', () => {
    const objects = brokenCopy(dev, 'Deployment', 'signal-engine', [
      [[...container, 'readinessProbe', 'httpGet', 'port'], 9090],
    ]);
    expect(problems(objects)).toEqual([
      'Deployment/signal-engine service readinessProbe port 9090 is not a container port',
    ]);
  });
});
