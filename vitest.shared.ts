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
    reporters: ['default', 'json'],
    outputFile: { json: '.reports/vitest.json' },
  },
});
