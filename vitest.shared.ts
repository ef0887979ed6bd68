// One vitest configuration for every project: each project's `test` script runs
// `vitest run --config ../../vitest.shared.ts` from its own folder.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: process.cwd(),
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Integration tests start real redis-server processes; a loaded 2-core CI machine
    // needs generous limits. Tests wait on conditions, never on fixed sleeps.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits for a condition (a page re-rendering, a count settling): its default
    // 1 s deadline is a fixed sleep in disguise on a loaded 2-core machine.
    expect: { poll: { timeout: 15_000 } },
    reporters: ['default', 'json'],
    outputFile: { json: '.reports/vitest.json' },
  },
});
