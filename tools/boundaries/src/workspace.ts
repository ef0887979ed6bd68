// The workspace as the boundary rules see it: its projects, their tags and their declared
// dependencies on each other, read from package.json files.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Project {
  readonly name: string;
  readonly dir: string;
  readonly tags: readonly string[];
  /** Workspace projects this one declares in dependencies or devDependencies. */
  readonly workspaceDeps: readonly string[];
  /** Subpaths in its `exports` map, e.g. '.', './internal'. */
  readonly exportedSubpaths: readonly string[];
}

interface PackageJson {
  name?: string;
  nx?: { tags?: string[] };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  exports?: string | Record<string, unknown>;
}

const PROJECT_GLOBS = ['packages', 'services', 'tools'];
const SINGLE_PROJECTS = ['test-e2e'];

/** The workspace root: the nearest ancestor holding pnpm-workspace.yaml. */
export function findWorkspaceRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
    dir = parent;
  }
  return dir;
}

export function readProject(dir: string): Project | undefined {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
  if (pkg.name === undefined) return undefined;
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  return {
    name: pkg.name,
    dir,
    tags: pkg.nx?.tags ?? [],
    workspaceDeps: Object.entries(deps)
      .filter(([, version]) => version.startsWith('workspace:'))
      .map(([name]) => name),
    exportedSubpaths: typeof pkg.exports === 'object' ? Object.keys(pkg.exports) : ['.'],
  };
}

export function readWorkspace(root: string): Map<string, Project> {
  const dirs = [
    ...PROJECT_GLOBS.flatMap((folder) =>
      existsSync(join(root, folder))
        ? readdirSync(join(root, folder), { withFileTypes: true })
            .filter((entry) => entry.isDirectory())
            .map((entry) => join(root, folder, entry.name))
        : [],
    ),
    ...SINGLE_PROJECTS.map((folder) => join(root, folder)),
  ];
  const projects = new Map<string, Project>();
  for (const dir of dirs) {
    const project = readProject(dir);
    if (project) projects.set(project.name, project);
  }
  return projects;
}
