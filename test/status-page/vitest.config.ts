import { defineConfig } from 'vitest/config';

// The status page's browser suite (scripts/test.d/02-status-page.sh): one headless Chromium for the whole
// file, a monitor run through a scripted mix of canaries. Not part of the main run: it mostly waits on
// the canaries, so test.sh starts it in the background beside the suites after it.
export default defineConfig({
  test: {
    name: 'status-page',
    include: ['test/status-page/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
