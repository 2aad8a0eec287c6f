import { defineConfig } from 'vitest/config';

// The package suite (scripts/test.d/21-package.sh): pack, install into a temp project, run the installed
// bin and a TypeScript consumer. Not part of the main run: the global setup packs and installs once for
// all its files, which then run side by side (they mostly wait on child processes: k6, npm, the gate).
export default defineConfig({
  test: {
    name: 'package',
    include: ['test/package/**/*.test.ts'],
    globalSetup: ['test/package/global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    maxWorkers: 4,
  },
});
