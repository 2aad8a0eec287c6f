import { defineConfig } from 'vitest/config';

// The gate verifies the committed pact in contracts/pacts/, which the consumer project rewrites, so its
// tests run after it, from scripts/test.d/20-gate.sh (after the main vitest run). Two files at once
// (vitest's default is one file at a time on 2 cores): they mostly wait on k6 holding the rate and on
// the windows the gate waits out. The files share their worker's module graph (isolate: false): the
// third file then reuses a worker instead of starting one and importing the sources again; each file
// stops the sandboxes it starts, and in-process CLI runs put the environment back.
export default defineConfig({
  test: { name: 'gate', include: ['test/gate/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 60_000, maxWorkers: 2, isolate: false },
});
