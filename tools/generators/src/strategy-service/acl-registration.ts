// The new service's Redis ACL user: its name is appended to infra/redis/acl/strategy-services.json
// (users.ts gives every listed strategy service signal-engine's rights for its own group), and
// infra/redis/users.acl is rendered again by the workspace's own users.ts and render.ts, the
// code `node infra/redis/acl/generate.ts` runs, so `generate.ts --check` passes afterwards.
// They are loaded from the tree's root at run time: tools do not import infra's files, and the
// render must be the workspace's, given the list the generator is about to write (the tree is
// written to disk only after the generator returns).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readJson, type Tree, writeJson } from '@nx/devkit';
import type { StrategyServiceNames } from './names.ts';

export const STRATEGY_SERVICES_JSON = 'infra/redis/acl/strategy-services.json';
export const ACL_FILE = 'infra/redis/users.acl';
const USERS_MODULE = 'infra/redis/acl/users.ts';
const RENDER_MODULE = 'infra/redis/acl/render.ts';

interface StrategyServicesJson {
  services?: string[];
}

// The parts of users.ts and render.ts used here (their types are infra's, not importable).
interface UsersModule {
  aclUsers(options: { strategyServices: readonly string[] }): unknown[];
}
interface RenderModule {
  renderAclFile(users: readonly unknown[]): string;
}

/** The strategy services strategy-services.json lists (none when it is missing). */
export function listedStrategyServices(tree: Tree): string[] {
  if (!tree.exists(STRATEGY_SERVICES_JSON)) return [];
  return readJson<StrategyServicesJson>(tree, STRATEGY_SERVICES_JSON).services ?? [];
}

export async function registerStrategyAclUser(tree: Tree, names: StrategyServiceNames): Promise<void> {
  for (const path of [STRATEGY_SERVICES_JSON, USERS_MODULE, RENDER_MODULE]) {
    if (!tree.exists(path)) {
      throw new Error(`${path} is missing: a strategy service's Redis user is described through it`);
    }
  }
  const file = readJson<StrategyServicesJson>(tree, STRATEGY_SERVICES_JSON);
  const services = [...(file.services ?? []), names.serviceName];
  writeJson(tree, STRATEGY_SERVICES_JSON, { ...file, services });
  const load = <T>(path: string) => import(pathToFileURL(join(tree.root, path)).href) as Promise<T>;
  const { aclUsers } = await load<UsersModule>(USERS_MODULE);
  const { renderAclFile } = await load<RenderModule>(RENDER_MODULE);
  tree.write(ACL_FILE, renderAclFile(aclUsers({ strategyServices: services })));
}
