// Cycles between files are biome's noImportCycles, configured in the root biome.json: run
// the real biome with that configuration over two files that import each other.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const workspaceRoot = resolve(import.meta.dirname, '../../..');

function lint(files: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cycles-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    writeFileSync(
      join(dir, 'biome.json'),
      JSON.stringify({ extends: [join(workspaceRoot, 'biome.json')], root: true, vcs: { enabled: false } }),
    );
    const result = spawnSync(
      join(workspaceRoot, 'node_modules/.bin/biome'),
      ['lint', '--error-on-warnings', '.'],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    return { status: result.status, output: result.stdout + result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('import cycles between files', () => {
  it('fail lint', () => {
    const result = lint({
      'a.ts': "import { b } from './b.ts';\nexport const a = () => b();\n",
      'b.ts': "import { a } from './a.ts';\nexport const b = () => a();\n",
    });
    expect(result.output).toContain('noImportCycles');
    expect(result.status).not.toBe(0);
  });

  it('do not fire on one-way imports', () => {
    const result = lint({
      'a.ts': "import { b } from './b.ts';\nexport const a = () => b();\n",
      'b.ts': 'export const b = () => 1;\n',
    });
    expect(result.output).not.toContain('noImportCycles');
    expect(result.status).toBe(0);
  });
});
