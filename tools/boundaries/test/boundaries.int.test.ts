// The boundary check against small throwaway workspaces on disk: each rule must flag the
// import that breaks it and let the legal ones through.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkProject } from '../src/check-project.ts';

let root: string;

interface ProjectSpec {
  tags: string[];
  deps?: string[];
  devDeps?: string[];
  exports?: string[];
  files?: Record<string, string>;
}

function workspace(projects: Record<string, ProjectSpec>): void {
  root = mkdtempSync(join(tmpdir(), 'boundaries-'));
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  for (const [name, spec] of Object.entries(projects)) {
    const dir = join(root, 'packages', name);
    const workspaceDeps = (names: string[] = []) =>
      Object.fromEntries(names.map((n) => [`@t/${n}`, 'workspace:*']));
    write(join(dir, 'package.json'), {
      name: `@t/${name}`,
      exports: Object.fromEntries((spec.exports ?? ['.']).map((subpath) => [subpath, './src/index.ts'])),
      nx: { tags: spec.tags },
      dependencies: workspaceDeps(spec.deps),
      devDependencies: workspaceDeps(spec.devDeps),
    });
    for (const [file, text] of Object.entries(spec.files ?? { 'src/index.ts': 'export const x = 1;\n' })) {
      write(join(dir, file), text);
    }
  }
}

function write(path: string, content: string | object): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
}

function violationsOf(name: string): string[] {
  return checkProject(join(root, 'packages', name)).map((v) => v.message);
}

const lib0 = { tags: ['type:lib', 'layer:0', 'io:none'] };

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('boundaries', () => {
  it('accepts imports through declared public entries down the layers', () => {
    workspace({
      events: lib0,
      streams: {
        tags: ['type:lib', 'layer:1'],
        deps: ['events'],
        files: {
          'src/index.ts': "import { x } from '@t/events';\nimport { y } from './y.ts';\nexport { x, y };\n",
        },
      },
    });
    expect(violationsOf('streams')).toEqual([]);
  });

  it("flags a relative import of another project's src", () => {
    workspace({
      events: lib0,
      streams: {
        tags: ['type:lib', 'layer:1'],
        deps: ['events'],
        files: { 'src/index.ts': "import { x } from '../../events/src/index.ts';\nexport { x };\n" },
      },
    });
    expect(violationsOf('streams')).toEqual([expect.stringContaining('reaches out of @t/streams')]);
  });

  it("flags a package import of another project's src by path", () => {
    workspace({
      events: lib0,
      streams: {
        tags: ['type:lib', 'layer:1'],
        deps: ['events'],
        files: { 'src/index.ts': "export { x } from '@t/events/src/index.ts';\n" },
      },
    });
    expect(violationsOf('streams')).toEqual([expect.stringContaining('is not an entry point of @t/events')]);
  });

  it('accepts an exported subpath such as ./internal', () => {
    workspace({
      events: { ...lib0, exports: ['.', './internal'] },
      streams: {
        tags: ['type:lib', 'layer:1'],
        deps: ['events'],
        files: { 'src/index.ts': "export { x } from '@t/events/internal';\n" },
      },
    });
    expect(violationsOf('streams')).toEqual([]);
  });

  it('flags an import of a project not declared in package.json', () => {
    workspace({
      events: lib0,
      streams: {
        tags: ['type:lib', 'layer:1'],
        files: { 'src/index.ts': "export { x } from '@t/events';\n" },
      },
    });
    expect(violationsOf('streams')).toEqual([expect.stringContaining('without declaring it')]);
  });

  it('flags a dependency cycle between projects', () => {
    workspace({
      a: { tags: ['type:tool'], deps: ['b'] },
      b: { tags: ['type:tool'], deps: ['c'] },
      c: { tags: ['type:tool'], deps: ['a'] },
    });
    expect(violationsOf('a')).toEqual(['dependency cycle: @t/a → @t/b → @t/c → @t/a']);
  });

  it('flags a library depending on its own layer or above, and on a service', () => {
    workspace({
      events: lib0,
      trading: { ...lib0, deps: ['events'] },
      api: { tags: ['type:service'] },
      streams: { tags: ['type:lib', 'layer:1'], deps: ['api'] },
    });
    expect(violationsOf('trading')).toEqual([expect.stringContaining('dependencies point down the layers')]);
    expect(violationsOf('streams')).toEqual([expect.stringContaining('may depend only on type:lib')]);
  });

  it('flags a service depending on another service', () => {
    workspace({ a: { tags: ['type:service'] }, b: { tags: ['type:service'], deps: ['a'] } });
    expect(violationsOf('b')).toEqual([expect.stringContaining('may depend only on type:lib')]);
  });

  it('flags I/O modules in the sources of a pure project, not in its tests', () => {
    workspace({
      events: {
        ...lib0,
        files: {
          'src/index.ts': "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
          'test/a.unit.test.ts': "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n",
        },
      },
    });
    expect(violationsOf('events')).toEqual([expect.stringContaining('may not import "node:fs"')]);
  });

  it('lets tests (and tools), not sources, use a test helper from any layer', () => {
    workspace({
      testkit: { tags: ['type:lib', 'layer:1', 'kind:test-helper'] },
      events: {
        ...lib0,
        devDeps: ['testkit'],
        files: {
          'src/index.ts': "export { x } from '@t/testkit';\n",
          'test/a.int.test.ts': "export { x } from '@t/testkit';\n",
        },
      },
    });
    expect(violationsOf('events')).toEqual([
      '@t/testkit is a test helper: only tests and tools may import it',
    ]);
  });
});
