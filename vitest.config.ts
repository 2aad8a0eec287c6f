import { defineConfig } from 'vitest/config';

// Projects keep suites that must not share a process apart: msw intercepts fetch, Pact runs its own
// mock server (see docs/decisions). Pact *provider verification* is not here: it needs the pact files
// that the consumer project writes, so scripts/test.d/ runs it in a later, separate vitest call.
export default defineConfig({
  test: {
    projects: [
      // unit, replay, monitor, reliability and deploy share each worker's module graph between files
      // (isolate: false): importing zod, msw and the client again for every file was a third of unit's and
      // replay's CPU time, and ~0.6 s per monitor, reliability or deploy file (BENCHMARKS.md, P4). Their
      // files keep no state between files (each starts and stops its own servers and processes, spies,
      // fake timers and stubbed env are restored after each test, msw listens only inside a run, no file
      // mocks a module); they pass with their files shuffled.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000, isolate: false } },
      { test: { name: 'replay', include: ['test/replay/**/*.test.ts'], testTimeout: 20_000, isolate: false } },
      { test: { name: 'consumer', include: ['contracts/consumer/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'monitor', include: ['test/monitor/**/*.test.ts'], testTimeout: 60_000, isolate: false } },
      { test: { name: 'reliability', include: ['test/reliability/**/*.test.ts'], testTimeout: 120_000, isolate: false } },
      { test: { name: 'deploy', include: ['test/deploy/**/*.test.ts'], testTimeout: 60_000, isolate: false } },
    ],
    passWithNoTests: true,
    // Vitest's default is one worker less than the cores: one file at a time on a 2-core machine. Most
    // of these files wait on child processes, sockets and real time rather than compute, so three run
    // side by side (102 s -> 42 s for this stage; see BENCHMARKS.md, P4). LSQ_TEST_WORKERS overrides.
    maxWorkers: Number(process.env.LSQ_TEST_WORKERS) || 3,
  },
});
