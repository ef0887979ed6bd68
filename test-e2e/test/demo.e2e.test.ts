// `npm run demo` is the first thing a user runs: run its program as a user would and check
// what it prints.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

describe('the demo', () => {
  it('publishes events of every type, and reads them all back identical', () => {
    const run = spawnSync(process.execPath, ['tools/demo/src/main.ts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    for (const type of ['quote', 'trade', 'signal', 'order', 'fill']) {
      expect(lines.some((line) => line.includes(` ${type} `))).toBe(true);
    }
    expect(run.stdout).toContain(
      'published 13 events (8 market_data, 1 signal, 3 order, 1 fill) to 4 streams',
    );
    expect(run.stdout).toContain('read back 13 of 13 identical to what was published');
  });
});
