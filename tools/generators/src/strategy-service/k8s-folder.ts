// infra/k8s/base/strategy-<name>/: made from signal-engine's folder — the other service that
// runs strategies over market data — with its name replaced, so the two cannot drift (probes,
// security context, KEDA trigger on the group's backlog, network policy, PDB). Only what is
// signal-engine's own is not copied: its config.env (SIGNAL_* settings) and the mentions of
// its per-strategy groups.
import type { Tree } from '@nx/devkit';
import type { StrategyServiceNames } from './names.ts';

export const K8S_REFERENCE = 'infra/k8s/base/signal-engine';
const REFERENCE_NAME = 'signal-engine';

export function addStrategyK8sFolder(tree: Tree, names: StrategyServiceNames): void {
  if (!tree.exists(K8S_REFERENCE)) {
    throw new Error(`${K8S_REFERENCE} is missing: a strategy service's Kubernetes folder is made from it`);
  }
  copyReference(tree, names);
}

function copyReference(tree: Tree, names: StrategyServiceNames): void {
  for (const path of filesUnder(tree, K8S_REFERENCE)) {
    const relative = path.slice(K8S_REFERENCE.length + 1);
    const target = `${names.k8sRoot}/${relative.replaceAll(REFERENCE_NAME, names.serviceName)}`;
    if (relative === 'config.env') {
      tree.write(target, configEnv(names));
      continue;
    }
    const text = withoutPerStrategyGroups(tree.read(path, 'utf-8') ?? '')
      .replace(TEMPLATE_NOTE, '')
      .replaceAll(REFERENCE_NAME, names.serviceName);
    tree.write(target, relative === 'kustomization.yaml' ? `${madeBy(names)}${text}` : text);
  }
}

/** signal-engine's kustomization says it is this folder's template; the copy says where it came from. */
const TEMPLATE_NOTE = ' Copied as the template of strategy-<name>/.';

function madeBy(names: StrategyServiceNames): string {
  return `# Made from ${K8S_REFERENCE}/ by \`pnpm nx g @tickflow/tools:strategy-service ${names.name}\`.\n`;
}

/** The service's own settings, read by the kit at start-up (STRATEGY_PARAMS: see its README). */
function configEnv(names: StrategyServiceNames): string {
  return [
    `# ${names.serviceName}'s settings (services/${names.serviceName}/README.md). STRATEGY_PARAMS is`,
    "# a JSON object of the strategy's params; {} keeps the defaults of its schema.",
    'STRATEGY_PARAMS={}',
    '',
  ].join('\n');
}

/**
 * signal-engine may run a group per strategy (`signal-engine.<id>`); a strategy service has one
 * group, its own name. Drops the comment lines about SIGNAL_* settings and narrows
 * `group=~"signal-engine|signal-engine\\..+"` to the one group, `group="signal-engine"` (an
 * exact match, as the infra checks of a ScaledObject's query expect of a single group).
 */
function withoutPerStrategyGroups(text: string): string {
  return text
    .split('\n')
    .filter((line) => !(line.trimStart().startsWith('#') && /SIGNAL_[A-Z]/.test(line)))
    .join('\n')
    .replaceAll(`group=~"${REFERENCE_NAME}|${REFERENCE_NAME}\\\\..+"`, `group="${REFERENCE_NAME}"`);
}

function filesUnder(tree: Tree, folder: string): string[] {
  return tree
    .children(folder)
    .flatMap((child) => {
      const path = `${folder}/${child}`;
      return tree.isFile(path) ? [path] : filesUnder(tree, path);
    })
    .sort();
}
