// Checks one project's imports and declared dependencies against the boundary rules.
import { relative, resolve, sep } from 'node:path';
import { importsOf, sourceFiles } from './imports.ts';
import { cycleThrough, dependencyViolation, ioViolation, isTestHelper } from './rules.ts';
import { findWorkspaceRoot, readProject, readWorkspace } from './workspace.ts';

export interface Violation {
  readonly file: string;
  readonly message: string;
}

const TEST_FILE = /(\.test\.ts$|^test[/\\])/;

export function checkProject(projectDir: string): Violation[] {
  const project = readProject(projectDir);
  if (!project) return [{ file: projectDir, message: 'no package.json with a name' }];
  const root = findWorkspaceRoot(projectDir);
  const projects = readWorkspace(root);
  const violations: Violation[] = [];
  const where = (file: string) => relative(root, file);

  for (const dep of project.workspaceDeps) {
    const target = projects.get(dep);
    const why = target && dependencyViolation(project, target);
    if (why) violations.push({ file: where(resolve(projectDir, 'package.json')), message: why });
  }
  const cycle = cycleThrough(project.name, projects);
  if (cycle) {
    violations.push({
      file: where(resolve(projectDir, 'package.json')),
      message: `dependency cycle: ${cycle.join(' → ')}`,
    });
  }

  for (const file of sourceFiles(projectDir)) {
    for (const { specifier } of importsOf(file)) {
      const message = importViolation(specifier, file);
      if (message) violations.push({ file: where(file), message });
    }
  }
  return violations;

  function importViolation(specifier: string, file: string): string | undefined {
    if (specifier.startsWith('.')) {
      const target = resolve(file, '..', specifier);
      const inside = relative(projectDir, target);
      return inside.startsWith(`..${sep}`) || inside === '..'
        ? `"${specifier}" reaches out of ${project?.name}; import other projects by package name`
        : undefined;
    }
    const isTestFile = TEST_FILE.test(relative(projectDir, file));
    const io = project && ioViolation(project, specifier, isTestFile);
    if (io) return io;
    const targetName = [...projects.keys()].find(
      (name) => specifier === name || specifier.startsWith(`${name}/`),
    );
    if (targetName === undefined || targetName === project?.name) return undefined;
    const target = projects.get(targetName);
    const subpath = `.${specifier.slice(targetName.length)}`;
    if (!target?.exportedSubpaths.includes(subpath)) {
      return `"${specifier}" is not an entry point of ${targetName} (exports: ${target?.exportedSubpaths.join(', ')}); import it by its public entry`;
    }
    if (target && isTestHelper(target) && !isTestFile && !project?.tags.includes('type:tool')) {
      return `${targetName} is a test helper: only tests and tools may import it`;
    }
    if (!project?.workspaceDeps.includes(targetName)) {
      return `imports ${targetName} without declaring it in package.json (add "${targetName}": "workspace:*")`;
    }
    return undefined;
  }
}
