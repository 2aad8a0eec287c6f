import { defineConfig } from 'vitest/config';

// The gate runs the contract suite (which rewrites contracts/pacts/) as a child process, so its tests
// run after the main vitest run, from scripts/test.d/50-gate.sh, never beside the consumer project.
export default defineConfig({
  test: { name: 'gate', include: ['test/gate/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 60_000 },
});
