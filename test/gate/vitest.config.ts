import { defineConfig } from 'vitest/config';

// The gate verifies the committed pact in contracts/pacts/, which the consumer project rewrites, so its
// tests run after it, from scripts/test.d/20-gate.sh (after the main vitest run). Both files at once
// (vitest's default is one file at a time on 2 cores): they mostly wait on k6 holding the rate and on
// the windows the gate waits out.
export default defineConfig({
  test: { name: 'gate', include: ['test/gate/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 60_000, maxWorkers: 2 },
});
