// The names a strategy service is known by, all derived from the one name given on the
// command line, and the checks that refuse a name before anything is written.
import type { Tree } from '@nx/devkit';
import { listedStrategyServices, STRATEGY_SERVICES_JSON } from './acl-registration.ts';

/** Kebab-case: lower-case letters and digits in words joined by single hyphens. */
const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/**
 * `strategy-<name>` names a Kubernetes object and a DNS label (63 characters at most, with
 * room for suffixes such as `-config`); the strategy id limit of the SDK's services is 48.
 */
const MAX_NAME_LENGTH = 40;

export interface StrategyServiceNames {
  /** The name given, e.g. `spread-momentum`: the strategy's name and its signals' strategy_id. */
  readonly name: string;
  /** `strategy-<name>`: the folder, the service name, its consumer group and id scope. */
  readonly serviceName: string;
  /** `@tickflow/strategy-<name>`. */
  readonly packageName: string;
  /** The strategy definition's export, e.g. `spreadMomentumStrategy`. */
  readonly strategyExport: string;
  /** The params schema's export, e.g. `spreadMomentumParams`. */
  readonly paramsExport: string;
  /** PascalCase, for type names, e.g. `SpreadMomentum`. */
  readonly className: string;
  readonly serviceRoot: string;
  readonly k8sRoot: string;
}

/** A name the generator refuses, and why (the message is printed as is). */
export class StrategyNameError extends Error {
  override readonly name = 'StrategyNameError';
  readonly code = 'STRATEGY_NAME_REJECTED';
}

export function strategyServiceNames(name: string): StrategyServiceNames {
  const serviceName = `strategy-${name}`;
  const camel = name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
  return {
    name,
    serviceName,
    packageName: `@tickflow/${serviceName}`,
    strategyExport: `${camel}Strategy`,
    paramsExport: `${camel}Params`,
    className: `${camel.charAt(0).toUpperCase()}${camel.slice(1)}`,
    serviceRoot: `services/${serviceName}`,
    k8sRoot: `infra/k8s/base/${serviceName}`,
  };
}

/** Throws StrategyNameError when `name` is not a usable, unused strategy name. */
export function checkStrategyName(tree: Tree, name: unknown): StrategyServiceNames {
  if (typeof name !== 'string' || name === '') {
    throw new StrategyNameError(
      'a strategy name is required: pnpm nx g @tickflow/tools:strategy-service <name>',
    );
  }
  if (!KEBAB_CASE.test(name)) {
    throw new StrategyNameError(
      `strategy name "${name}" is not kebab-case: expected lower-case letters and digits in words joined by single hyphens, starting with a letter (e.g. spread-momentum)`,
    );
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new StrategyNameError(
      `strategy name "${name}" is ${name.length} characters long: at most ${MAX_NAME_LENGTH}, so that strategy-<name> fits Kubernetes names`,
    );
  }
  if (name.startsWith('strategy-')) {
    throw new StrategyNameError(
      `strategy name "${name}" starts with "strategy-": give the name without it (the service is strategy-<name>)`,
    );
  }
  const names = strategyServiceNames(name);
  for (const taken of [names.serviceRoot, names.k8sRoot]) {
    if (tree.exists(taken)) {
      throw new StrategyNameError(`strategy name "${name}" is taken: ${taken} already exists`);
    }
  }
  // Its Redis user would be listed twice (its folders removed by hand, its user left).
  if (listedStrategyServices(tree).includes(names.serviceName)) {
    throw new StrategyNameError(
      `strategy name "${name}" is taken: ${STRATEGY_SERVICES_JSON} already lists ${names.serviceName}`,
    );
  }
  // The SDK's built-in strategies are files named after them; signal-engine hosts them under
  // those names as strategy ids, and two strategies with one id would share a ledger.
  const builtIn = `packages/strategy/src/strategies/${name}.ts`;
  if (tree.exists(builtIn)) {
    throw new StrategyNameError(
      `strategy name "${name}" is taken: the SDK has a built-in strategy of that name (${builtIn}), which signal-engine runs under that strategy id`,
    );
  }
  return names;
}
