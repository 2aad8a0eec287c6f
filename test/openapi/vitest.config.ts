import { defineConfig } from 'vitest/config';

// The OpenAPI suite's vitest tests, run by scripts/test.d/03-openapi.sh beside its Schemathesis run
// (they need the document committed and, for one test, the bootstrap's Schemathesis venv). The timeout
// is a hang detector: the suite runs niced, and a test may wait a while for the cores.
export default defineConfig({
  test: { name: 'openapi', include: ['test/openapi/**/*.test.ts'], testTimeout: 180_000 },
});
