import { defineConfig } from 'vitest/config';

// The SLO paging end-to-end test mostly waits (on Prometheus' windows, scaled down), so it runs on its
// own from scripts/test.d/01-slo-e2e.sh, in the background (beside the main vitest run), not as one
// of the main run's projects, whose three workers it would hold for two minutes.
export default defineConfig({
  test: { name: 'slo-e2e', include: ['test/slo-e2e/**/*.test.ts'], testTimeout: 240_000, hookTimeout: 60_000 },
});
