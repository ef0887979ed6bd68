// The unknown-field check finds what the models' validate() lets through, and nothing else.
import { describe, expect, it } from 'vitest';
import { unknownFields } from './support/model-fields.ts';
import { modelOf, schemaProblems } from './support/models.ts';
import type { K8sObject } from './support/render.ts';

const deployment = (container: Record<string, unknown>): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'x', labels: { 'any/label': 'is fine' } },
  spec: {
    selector: { matchLabels: { app: 'x' } },
    template: {
      metadata: { labels: { app: 'x' } },
      spec: { containers: [{ name: 'x', image: 'x', ...container }] },
    },
  },
});

describe('given an object with a misspelled field', () => {
  it("passes the model's validate() but not the unknown-field check", async () => {
    const object = deployment({ readinessProbes: { httpGet: { path: '/readyz', port: 8080 } } });
    const { model } = await modelOf(object);
    expect(() => new model(object).validate()).not.toThrow();
    expect(await schemaProblems(object, unknownFields)).toEqual([
      '.spec.template.spec.containers[0].readinessProbes: unknown field',
    ]);
  });

  it('finds one in a KEDA ScaledObject, and leaves a trigger’s free metadata alone', async () => {
    const object: K8sObject = {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'x' },
      spec: {
        scaleTargetRef: { name: 'x' },
        maxReplicas: 8,
        triggers: [{ type: 'prometheus', metadata: { anything: 'goes' } }],
      },
    };
    expect(await schemaProblems(object, unknownFields)).toEqual(['.spec.maxReplicas: unknown field']);
  });

  it('finds one inside an inline object type (a StatefulSet’s volumeClaimTemplates)', async () => {
    const object: K8sObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'x' },
      spec: {
        selector: { matchLabels: { app: 'x' } },
        template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'x' }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessMode: ['ReadWriteOnce'] } }],
      },
    };
    expect(await schemaProblems(object, unknownFields)).toEqual([
      '.spec.volumeClaimTemplates[0].spec.accessMode: unknown field',
    ]);
  });
});

describe('given a well-formed object', () => {
  it('finds nothing: maps (labels, resources) and int-or-string ports are known', async () => {
    const object = deployment({
      ports: [{ name: 'http', containerPort: 8080 }],
      resources: { requests: { cpu: '250m', memory: '256Mi' } },
      livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
    });
    expect(await schemaProblems(object, unknownFields)).toEqual([]);
  });
});

describe('given an object of the wrong type', () => {
  it("reports the model's own validation error", async () => {
    const object = deployment({});
    (object.spec as { template: { spec: { containers: unknown } } }).template.spec.containers = 'none';
    expect((await schemaProblems(object, unknownFields))[0]).toMatch(/^schema: /);
  });
});
