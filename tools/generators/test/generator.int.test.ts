// The generator as a developer runs it, in a copy of this workspace: one command makes a
// strategy service whose own tests (unit, and integration on a real Redis), typecheck and
// lint pass as generated; it writes only its own two folders, its line in the k8s base, its
// image in each overlay, its Redis user (strategy-services.json, users.acl) with its dev
// Secret and dev Redis password file, and the lockfile (its install); kustomize renders every
// overlay with it, users.acl is what generate.ts renders, and infra's own checks (ACL users on
// a real Redis, k8s render, references, policies, KEDA queries, Redis logins) pass with it;
// and a second run, or a bad name, fails saying what is wrong and changes nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedPaths, copyWorkspace, outputOf, type WorkspaceCopy } from './support/workspace-copy.ts';

const NAME = 'spread-momentum';
const SERVICE = `services/strategy-${NAME}`;
const K8S = `infra/k8s/base/strategy-${NAME}`;
const BASE = 'infra/k8s/base/kustomization.yaml';
const OVERLAYS = ['dev', 'prod'];
const overlayFile = (overlay: string) => `infra/k8s/overlays/${overlay}/kustomization.yaml`;
const DEV_REDIS = 'infra/k8s/overlays/dev/redis/stateful-set.yaml';
const STRATEGY_SERVICES = 'infra/redis/acl/strategy-services.json';
const ACL_FILE = 'infra/redis/users.acl';

let workspace: WorkspaceCopy;
let baseBefore: string;
let aclBefore: string;

const read = (path: string) => readFileSync(join(workspace.root, path), 'utf8');
const generate = (name: string) =>
  workspace.run('pnpm', ['nx', 'g', '@tickflow/tools:strategy-service', name, '--no-interactive']);

beforeAll(() => {
  workspace = copyWorkspace('tickflow-generator-');
  baseBefore = read(BASE);
  aclBefore = read(ACL_FILE);
}, 120_000);
afterAll(() => workspace?.remove());

describe('pnpm nx g @tickflow/tools:strategy-service <name>', () => {
  it('writes the service, its k8s folder, its lines in the base and overlays, its Redis user, and the lockfile: nothing else', () => {
    const before = workspace.fileDigests();
    const generated = generate(NAME);
    expect(generated.status, outputOf(generated)).toBe(0);

    const changed = changedPaths(before, workspace.fileDigests());
    const outside = changed.filter((path) => !path.startsWith(`${SERVICE}/`) && !path.startsWith(`${K8S}/`));
    expect(outside).toEqual(
      [BASE, ...OVERLAYS.map(overlayFile), DEV_REDIS, STRATEGY_SERVICES, ACL_FILE, 'pnpm-lock.yaml'].sort(),
    );
    expect(changed).toEqual(
      expect.arrayContaining([
        `${SERVICE}/package.json`,
        `${SERVICE}/README.md`,
        `${SERVICE}/src/main.ts`,
        `${SERVICE}/src/strategy.ts`,
        `${SERVICE}/test/strategy.unit.test.ts`,
        `${SERVICE}/test/${NAME}.int.test.ts`,
        `${K8S}/kustomization.yaml`,
        `${K8S}/deployment.yaml`,
        `${K8S}/scaled-object.yaml`,
      ]),
    );
    const added = `  - strategy-${NAME}\n`;
    expect(read(BASE).replace(added, '')).toBe(baseBefore);
    expect(read(BASE)).toContain(added);

    const manifest = JSON.parse(read(`${SERVICE}/package.json`));
    expect(manifest.name).toBe(`@tickflow/strategy-${NAME}`);
    expect(manifest.nx.tags).toEqual(JSON.parse(read('services/signal-engine/package.json')).nx.tags);
  }, 120_000);

  it('gives a service whose own tests, typecheck and lint pass, formatted as biome writes it', () => {
    for (const script of ['test', 'typecheck', 'lint']) {
      const result = workspace.run('pnpm', ['run', script], SERVICE);
      expect(result.status, `pnpm run ${script} in ${SERVICE}: ${outputOf(result)}`).toBe(0);
    }
    const report = JSON.parse(read(`${SERVICE}/.reports/vitest.json`));
    expect(report.numPassedTests).toBeGreaterThanOrEqual(9);
    expect(report.numFailedTests + report.numPendingTests).toBe(0);
    const formatted = workspace.run('pnpm', [
      'exec',
      'biome',
      'ci',
      SERVICE,
      K8S,
      BASE,
      ...OVERLAYS.map(overlayFile),
      DEV_REDIS,
      STRATEGY_SERVICES,
    ]);
    expect(formatted.status, outputOf(formatted)).toBe(0);
  }, 300_000);

  it.each(OVERLAYS)(
    'gives k8s objects that kustomize renders in overlays/%s, image pinned like signal-engine’s',
    (overlay) => {
      const rendered = workspace.run('kubectl', ['kustomize', `infra/k8s/overlays/${overlay}`]);
      expect(rendered.status, outputOf(rendered)).toBe(0);
      const objects = rendered.stdout.split(/^---$/m);
      const named = (kind: string, name: string) =>
        objects.find((text) => text.includes(`kind: ${kind}\n`) && text.includes(`  name: ${name}\n`)) ?? '';
      const tagOf = (service: string) =>
        new RegExp(`image: tickflow/${service}:(\\S+)`).exec(named('Deployment', service))?.[1];
      expect(tagOf(`strategy-${NAME}`)).toBeDefined();
      expect(tagOf(`strategy-${NAME}`)).toBe(tagOf('signal-engine'));
      expect(named('ScaledObject', `strategy-${NAME}`)).toContain(`group="strategy-${NAME}"`);
      expect(named('Service', `strategy-${NAME}`)).not.toBe('');
    },
  );

  it('gives the service its own Redis user, with exactly signal-engine’s rights for its own group, as generate.ts renders it', () => {
    expect(JSON.parse(read(STRATEGY_SERVICES)).services).toEqual([`strategy-${NAME}`]);
    const check = workspace.run('node', ['infra/redis/acl/generate.ts', '--check']);
    expect(check.status, outputOf(check)).toBe(0);
    const lineOf = (user: string) => read(ACL_FILE).match(new RegExp(`^user ${user} .*\n`, 'm'))?.[0] ?? '';
    const engine = lineOf('signal-engine');
    expect(engine).toContain(':ckpt:signal-engine');
    expect(lineOf(`strategy-${NAME}`)).toBe(engine.replaceAll('signal-engine', `strategy-${NAME}`));
    // One line added, right after signal-engine's; every other user as it was.
    expect(read(ACL_FILE)).toBe(aclBefore.replace(engine, `${engine}${lineOf(`strategy-${NAME}`)}`));
  });

  it('passes infra’s checks with it: users on a real Redis, k8s render, references, policies, KEDA, Redis logins', () => {
    const checked = workspace.run(
      'pnpm',
      ['exec', 'vitest', 'run', '--config', '../vitest.shared.ts', 'test/redis', 'test/k8s'],
      'infra',
    );
    expect(checked.status, outputOf(checked)).toBe(0);
    const report = JSON.parse(read('infra/.reports/vitest.json'));
    expect(report.numFailedTests + report.numPendingTests).toBe(0);
    // The new service was among those checked (its ScaledObject's query cases, by name).
    const names: string[] = report.testResults.flatMap((file: { assertionResults: { fullName: string }[] }) =>
      file.assertionResults.map((test) => test.fullName),
    );
    expect(names.filter((name) => name.includes(`ScaledObject strategy-${NAME}`)).length).toBeGreaterThan(0);
  }, 300_000);

  it('refuses a name whose Redis user strategy-services.json already lists, and changes nothing', () => {
    const listed = read(STRATEGY_SERVICES);
    const services = JSON.parse(listed);
    writeFileSync(
      join(workspace.root, STRATEGY_SERVICES),
      JSON.stringify({ ...services, services: [...services.services, 'strategy-left-over'] }),
    );
    try {
      const before = workspace.fileDigests();
      const refused = generate('left-over');
      expect(refused.status, outputOf(refused)).not.toBe(0);
      expect(`${refused.stdout}${refused.stderr}`).toContain(
        `"left-over" is taken: ${STRATEGY_SERVICES} already lists strategy-left-over`,
      );
      expect(changedPaths(before, workspace.fileDigests())).toEqual([]);
    } finally {
      writeFileSync(join(workspace.root, STRATEGY_SERVICES), listed);
    }
  });

  it.each([
    ['a second run', NAME, `"${NAME}" is taken: ${SERVICE} already exists`],
    ['a name not in kebab-case', 'SpreadMomentum', '"SpreadMomentum" is not kebab-case'],
    ['a name with an underscore', 'spread_momentum', '"spread_momentum" is not kebab-case'],
    ['a built-in strategy', 'sma-crossover', 'the SDK has a built-in strategy of that name'],
    ['the service prefix', 'strategy-x', 'starts with "strategy-"'],
    ['a name too long for Kubernetes names', 'a'.repeat(41), 'is 41 characters long: at most 40'],
  ])('refuses %s, saying why, and changes nothing', (_, name, why) => {
    const before = workspace.fileDigests();
    const refused = generate(name);
    expect(refused.status, outputOf(refused)).not.toBe(0);
    expect(`${refused.stdout}${refused.stderr}`).toContain(why);
    expect(changedPaths(before, workspace.fileDigests())).toEqual([]);
  });
});
