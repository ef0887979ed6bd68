// `pnpm nx g @tickflow/tools:strategy-service <name>`: services/strategy-<name>/ (a service
// running one strategy of its own in its own consumer group, its tests and README),
// infra/k8s/base/strategy-<name>/ (from signal-engine's, listed in the base, its image pinned
// in each overlay), its Redis ACL user (listed in strategy-services.json, users.acl rendered
// again) with its dev Secret and its password given to the dev Redis, then `pnpm install` to
// link the new package. Nothing else in the workspace lists consumers: the monitor and
// dashboards discover consumer groups.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { generateFiles, type Tree } from '@nx/devkit';
import { registerStrategyAclUser, STRATEGY_SERVICES_JSON } from './acl-registration.ts';
import { formatWithBiome } from './biome-format.ts';
import { DEV_REDIS_STATEFUL_SET, registerStrategyDevRedis } from './dev-redis-registration.ts';
import { addStrategyK8sFolder } from './k8s-folder.ts';
import { registerStrategyK8s, registrationFiles } from './k8s-registration.ts';
import { checkStrategyName } from './names.ts';
import { writeServicePackageJson } from './package-json.ts';

export interface StrategyServiceOptions {
  /** The strategy's name, kebab-case: the service is strategy-<name>. */
  readonly name: string;
  /** Skip `pnpm install` after generating (then run it yourself before using the service). */
  readonly skipInstall?: boolean;
}

export default async function strategyServiceGenerator(tree: Tree, options: StrategyServiceOptions) {
  const names = checkStrategyName(tree, options.name);
  // Also renames test/__name__.int.test.ts to test/<name>.int.test.ts.
  generateFiles(tree, join(import.meta.dirname, 'files', 'service'), names.serviceRoot, { ...names });
  writeServicePackageJson(tree, names);
  addStrategyK8sFolder(tree, names);
  registerStrategyK8s(tree, names);
  registerStrategyDevRedis(tree, names);
  await registerStrategyAclUser(tree, names);
  formatWithBiome(tree, [
    names.serviceRoot,
    names.k8sRoot,
    ...registrationFiles(tree),
    DEV_REDIS_STATEFUL_SET,
    STRATEGY_SERVICES_JSON,
  ]);
  if (options.skipInstall) return;
  // The new package must be linked (and the lockfile updated) before it can run; not frozen,
  // since a new workspace package always changes the lockfile (pnpm freezes it under CI=true).
  return () => {
    execFileSync('pnpm', ['install', '--frozen-lockfile=false'], { cwd: tree.root, stdio: 'inherit' });
  };
}
