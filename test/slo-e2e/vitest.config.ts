import { defineConfig } from 'vitest/config';

// The SLO paging end-to-end test mostly waits (on Prometheus' windows, scaled down), so it runs on its
// own from scripts/test.d/80-slo-e2e.sh, in the background, never beside the main vitest projects.
export default defineConfig({
  test: { name: 'slo-e2e', include: ['test/slo-e2e/**/*.test.ts'], testTimeout: 240_000, hookTimeout: 60_000 },
});
