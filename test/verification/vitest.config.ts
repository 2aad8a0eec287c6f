import { defineConfig } from 'vitest/config';

// Provider verification needs the pact that the consumer project wrote, so it runs in its own vitest
// call after the main one (scripts/test.d/20-contracts.sh, `lsq-harness contracts`). The broker tests
// sit here too: they verify pacts served by a recorded broker exchange.
export default defineConfig({
  test: {
    name: 'provider',
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/verification/**/*.test.ts', 'test/broker/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
