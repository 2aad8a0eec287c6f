import { defineConfig } from 'vitest/config';

// The OpenAPI suite's vitest tests, run by scripts/test.d/03-openapi.sh beside its Schemathesis run
// (they need the document committed and, for one test, the bootstrap's Schemathesis venv). The timeout
// is a hang detector: the suite runs niced, and a test may wait a while for the cores.
export default defineConfig({
  // One module graph for all the files (isolate: false): they keep no state between them (each test
  // starts and stops its own sandbox or forwarder), and importing the sources, the document's
  // validators and the sandbox again per file cost 1.3 s of CPU of 5 outside the stage's runs.
  test: { name: 'openapi', include: ['test/openapi/**/*.test.ts'], testTimeout: 180_000, isolate: false },
});
