// (4) Each service rolls out alone: in a copy of infra/k8s, changing one service's image tag
// in an overlay changes that service's Deployment image and nothing else; changing one
// service's own config changes its ConfigMap (a new hashed name) and its Deployment only.
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { idOf, K8S_DIR, type K8sObject, render } from './support/render.ts';

const SERVICES = ['market-data-ingest', 'signal-engine', 'order-router', 'fill-recorder', 'replay-service'];
const OVERLAYS = ['dev', 'prod'];
const copies: string[] = [];

/** A copy of infra/k8s, and of infra/redis beside it (the dev Redis' ACL template is there). */
function copyOfManifests(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickflow-k8s-'));
  copies.push(dir);
  cpSync(K8S_DIR, join(dir, 'k8s'), { recursive: true });
  cpSync(join(K8S_DIR, '../redis'), join(dir, 'redis'), { recursive: true });
  return join(dir, 'k8s');
}
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The ids of objects added, removed or changed between two renders. */
function changes(
  before: K8sObject[],
  after: K8sObject[],
): { added: string[]; removed: string[]; changed: string[] } {
  const index = (objects: K8sObject[]) => new Map(objects.map((o) => [idOf(o), JSON.stringify(o)]));
  const [b, a] = [index(before), index(after)];
  return {
    added: [...a.keys()].filter((id) => !b.has(id)),
    removed: [...b.keys()].filter((id) => !a.has(id)),
    changed: [...a.keys()].filter((id) => b.has(id) && b.get(id) !== a.get(id)),
  };
}

function setImageTag(overlay: string, service: string, tag: string): void {
  const file = join(overlay, 'kustomization.yaml');
  const document = parseDocument(readFileSync(file, 'utf8'));
  const images = document.get('images') as {
    items: { get(key: string): unknown; set(key: string, value: unknown): void }[];
  };
  const entry = images.items.find((item) => item.get('name') === `tickflow/${service}`);
  if (!entry) throw new Error(`${file} has no images entry for tickflow/${service}`);
  entry.set('newTag', tag);
  writeFileSync(file, document.toString());
}

function imageOf(objects: K8sObject[], name: string): string | undefined {
  const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
  const spec = deployment?.spec as { template: { spec: { containers: { image: string }[] } } } | undefined;
  return spec?.template.spec.containers[0]?.image;
}

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  it.each(SERVICES)('a new image tag of %s changes its Deployment image only', (service) => {
    const copy = copyOfManifests();
    const dir = join(copy, 'overlays', overlay);
    const before = render(dir, true);
    setImageTag(dir, service, '9.9.9-test');
    const after = render(dir, true);
    expect(changes(before, after)).toEqual({ added: [], removed: [], changed: [`Deployment/${service}`] });
    expect(imageOf(after, service)).toBe(`tickflow/${service}:9.9.9-test`);
    // Nothing but the image moved inside the Deployment.
    const withoutImage = (objects: K8sObject[]) =>
      JSON.stringify(objects).replaceAll(/"tickflow\/[^"]+"/g, '');
    expect(withoutImage(after)).toBe(withoutImage(before));
  });

  it.each(SERVICES)("a change of %s's own config changes its ConfigMap and Deployment only", (service) => {
    const copy = copyOfManifests();
    const dir = join(copy, 'overlays', overlay);
    const before = render(dir, true);
    appendFileSync(join(copy, 'base', service, 'config.env'), 'LOG_LEVEL=warn\n');
    const after = render(dir, true);
    const { added, removed, changed } = changes(before, after);
    expect(changed).toEqual([`Deployment/${service}`]);
    expect(added).toEqual([expect.stringMatching(new RegExp(`^ConfigMap/${service}-config-\\w+$`))]);
    expect(removed).toEqual([expect.stringMatching(new RegExp(`^ConfigMap/${service}-config-\\w+$`))]);
    // All labelled, so `kubectl apply -k … -l app.kubernetes.io/name=<service>` applies them together.
    const labelOf = (id: string) =>
      (after.find((o) => idOf(o) === id)?.metadata.labels as Record<string, string> | undefined)?.[
        'app.kubernetes.io/name'
      ];
    expect([...added, ...changed].map(labelOf)).toEqual([service, service]);
  });
});
