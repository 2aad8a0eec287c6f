import { defineConfig } from 'vitest/config';

// The gate verifies the committed pact in contracts/pacts/, which the main run's consumer project
// rewrites, so its tests run after the main vitest run, from scripts/test.d/50-gate.sh.
export default defineConfig({
  test: { name: 'gate', include: ['test/gate/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 60_000 },
});
