import { defineConfig } from 'vitest/config';

// Projects keep suites that must not share a process apart (msw intercepts fetch; Pact runs its own
// mock server). Pact provider verification runs in a later, separate vitest call (scripts/test.d/),
// because it needs the pact files the consumer project writes.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
