import { defineConfig } from 'vitest/config';

// Provider verification needs the pact that the consumer project wrote, so it runs in its own vitest
// call after that project's (scripts/test.d/06-contracts.sh, `lsq-harness contracts`). The broker tests
// sit here too: they verify pacts served by a recorded broker exchange.
export default defineConfig({
  test: {
    name: 'provider',
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/verification/**/*.test.ts', 'test/broker/**/*.test.ts'],
    // Hang detectors, not time limits of the behaviour: 06-contracts.sh runs this suite niced beside
    // the main vitest run, where a test may wait a while for the cores (at 60 s, one verification
    // timed out on a machine busy with other work as well).
    testTimeout: 180_000,
    hookTimeout: 90_000,
    // Two files at a time (vitest's default is one on 2 cores): niced, the suite gets the cores only when
    // the others leave them idle, and with one file at a time it could use only one of them then.
    maxWorkers: 2,
    // Each worker keeps one module graph for all its files (isolate: false): importing the sources, pact
    // and the sandbox again for every file was about a quarter of this suite's CPU (39 -> 29 s, three
    // interleaved runs each). The files keep no state between them: every test starts and stops its own
    // sandboxes, brokers and children, and the one that registers a secret clears it after each test.
    isolate: false,
  },
});
