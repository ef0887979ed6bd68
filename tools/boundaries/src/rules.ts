// The boundary rules, as pure functions of the workspace and one import.
//
//  - Another project is imported by its package name and an exported subpath, never by a
//    relative path out of the importer's folder nor by a path into its files (`/src/`).
//  - A project imported must be declared in package.json (so nx and pnpm see the edge).
//  - Tags: `type:lib` projects depend only on libs, of a strictly lower `layer:N`
//    (events 0 → streams, strategy, trading 1 → service 2); `type:service` only on libs;
//    `io:none` projects (pure: events, trading) depend only on other `io:none` projects and
//    import no I/O modules.
//  - Test helpers (`kind:test-helper`, e.g. testkit) may be used by any project's tests,
//    whatever its layer, and by tools (the demo), but never by library or service sources.
//  - No cycles between projects (biome's noImportCycles covers cycles between files).
import type { Project } from './workspace.ts';

const IO_MODULES =
  /^(node:)?(child_process|cluster|dgram|dns|fs|fs\/promises|http|http2|https|net|tls|worker_threads)$|^ioredis$/;

export function tagValue(project: Project, prefix: string): string | undefined {
  return project.tags.find((tag) => tag.startsWith(`${prefix}:`))?.slice(prefix.length + 1);
}

function layerOf(project: Project): number | undefined {
  const layer = tagValue(project, 'layer');
  return layer === undefined ? undefined : Number(layer);
}

/** Why `from` may not depend on `to`, or undefined when it may. */
export function dependencyViolation(from: Project, to: Project): string | undefined {
  if (isTestHelper(to)) return undefined;
  const fromType = tagValue(from, 'type');
  const toType = tagValue(to, 'type');
  if ((fromType === 'lib' || fromType === 'service') && toType !== 'lib') {
    return `a type:${fromType} project may depend only on type:lib projects, not on ${to.name} (type:${toType ?? 'none'})`;
  }
  if (fromType === 'lib') {
    const fromLayer = layerOf(from);
    const toLayer = layerOf(to);
    if (fromLayer === undefined || toLayer === undefined) {
      return `libraries need a layer:N tag to depend on each other (${from.name} → ${to.name})`;
    }
    if (toLayer >= fromLayer) {
      return `dependencies point down the layers: ${from.name} (layer ${fromLayer}) may not depend on ${to.name} (layer ${toLayer})`;
    }
  }
  if (from.tags.includes('io:none') && !to.tags.includes('io:none')) {
    return `${from.name} is io:none (pure) and may depend only on io:none projects, not on ${to.name}`;
  }
  return undefined;
}

export function isTestHelper(project: Project): boolean {
  return project.tags.includes('kind:test-helper');
}

/** Why a pure project may not import `specifier`, or undefined. */
export function ioViolation(project: Project, specifier: string, isTestFile: boolean): string | undefined {
  if (!project.tags.includes('io:none') || isTestFile || !IO_MODULES.test(specifier)) return undefined;
  return `${project.name} is io:none (pure) and may not import "${specifier}"`;
}

/** The cycle through `start` in the declared dependency graph, as a list of names, if any. */
export function cycleThrough(start: string, projects: ReadonlyMap<string, Project>): string[] | undefined {
  const path: string[] = [];
  const visited = new Set<string>();
  const visit = (name: string): string[] | undefined => {
    path.push(name);
    for (const dep of projects.get(name)?.workspaceDeps ?? []) {
      if (dep === start) return [...path, start];
      if (visited.has(dep)) continue;
      visited.add(dep);
      const found = visit(dep);
      if (found) return found;
    }
    path.pop();
    return undefined;
  };
  return visit(start);
}
