// (1) Every overlay renders with kubectl kustomize; (2) every rendered object validates against
// its kubernetes-models / @kubernetes-models/keda schema and has no field the schema lacks.
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unknownFields } from './support/model-fields.ts';
import { schemaProblems } from './support/models.ts';
import { idOf, type K8sObject, overlayDirs, render } from './support/render.ts';

// Kustomize wraps a Secret's base64 over lines; the API server's decoder skips the newlines,
// the models' `byte` format does not.
function asSent(object: K8sObject): K8sObject {
  if (object.kind !== 'Secret' || object.data === undefined) return object;
  const data = Object.fromEntries(
    Object.entries(object.data as Record<string, string>).map(([k, v]) => [k, v.replace(/\s/g, '')]),
  );
  return { ...object, data };
}

it('has the dev and prod overlays', () => {
  expect(overlayDirs().map((dir) => basename(dir))).toEqual(expect.arrayContaining(['dev', 'prod']));
});

describe.each(overlayDirs().map((dir) => [basename(dir), dir]))('overlay %s', (_name, dir) => {
  // Rendered in each test (once, then cached), so a render that fails fails the test.
  it('renders, every object named and in the overlay namespace', () => {
    const objects = render(dir);
    expect(objects.length).toBeGreaterThan(20);
    const namespaces = new Set(objects.map((object) => object.metadata.namespace));
    expect([...namespaces]).toHaveLength(1);
    expect([...namespaces][0]).toMatch(/^tickflow/);
    const ids = objects.map(idOf);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('validates every object against its schema, unknown fields included', async () => {
    const problems: string[] = [];
    for (const object of render(dir)) {
      for (const problem of await schemaProblems(asSent(object), unknownFields))
        problems.push(`${idOf(object)}${problem}`);
    }
    expect(problems).toEqual([]);
  });
});

it('says what to install when neither kubectl nor kustomize is on PATH', () => {
  const script = `import('${new URL('./support/render.ts', import.meta.url).href}').then((m) => m.findRenderer())`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: '/nonexistent' },
    encoding: 'utf8',
  });
  expect(run.status).not.toBe(0);
  expect(run.stderr).toContain(
    'needs kubectl >= 1.27 or kustomize >= 5 on PATH (kubectl: not found on PATH; kustomize: not found on PATH)',
  );
});
