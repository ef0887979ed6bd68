// The new service's package.json, built from signal-engine's — the reference strategy host —
// so its scripts, nx tags and dependency versions cannot drift from the services' own.
import { readJson, type Tree, writeJson } from '@nx/devkit';
import type { StrategyServiceNames } from './names.ts';

const REFERENCE = 'services/signal-engine/package.json';

interface PackageJson {
  scripts?: Record<string, string>;
  nx?: { tags?: string[] };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** What the generated code imports at run time, and in its tests. */
const DEPENDENCIES = [
  '@tickflow/events',
  '@tickflow/service',
  '@tickflow/strategy',
  '@tickflow/streams',
  'zod',
];
const DEV_DEPENDENCIES = ['@tickflow/testkit', 'ioredis'];

export function writeServicePackageJson(tree: Tree, names: StrategyServiceNames): void {
  if (!tree.exists(REFERENCE)) {
    throw new Error(`${REFERENCE} is missing: the strategy service's package.json is built from it`);
  }
  const reference = readJson<PackageJson>(tree, REFERENCE);
  const all = { ...reference.dependencies, ...reference.devDependencies };
  const versions = (wanted: readonly string[]) =>
    Object.fromEntries(
      wanted.map((name) => {
        const version = all[name];
        if (version === undefined) throw new Error(`${REFERENCE} does not depend on ${name}`);
        return [name, version];
      }),
    );
  writeJson(tree, `${names.serviceRoot}/package.json`, {
    name: names.packageName,
    version: '0.1.0',
    private: true,
    type: 'module',
    description: `Runs the ${names.name} strategy over market data in its own consumer group, ${names.serviceName}, and emits Signal events with deterministic ids.`,
    scripts: reference.scripts,
    nx: { tags: reference.nx?.tags ?? ['type:service'] },
    dependencies: versions(DEPENDENCIES),
    devDependencies: versions(DEV_DEPENDENCIES),
  });
}
