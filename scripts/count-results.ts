// Prints the closing line `N passed, N failed` from every test report in a folder: vitest JSON reports
// (*.json with numPassedTests) and plain count files (*.count holding "passed failed") written by
// suites that are not vitest (promtool, k6). Exits 1 when no test ran at all or a report is missing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'reports/tests';
let passed = 0;
let failed = 0;
let reports = 0;
for (const name of readdirSync(dir).sort()) {
  const file = join(dir, name);
  if (name.endsWith('.json')) {
    const r = JSON.parse(readFileSync(file, 'utf8')) as {
      numPassedTests?: number;
      numFailedTests?: number;
      numTotalTestSuites?: number;
      numFailedTestSuites?: number;
    };
    passed += r.numPassedTests ?? 0;
    // A suite (file) that failed to load counts as a failure even though no test in it ran.
    failed += (r.numFailedTests ?? 0) + (r.numFailedTests === 0 ? (r.numFailedTestSuites ?? 0) : 0);
    reports++;
  } else if (name.endsWith('.count')) {
    const [p, f] = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
    passed += p ?? 0;
    failed += f ?? 0;
    reports++;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = reports === 0 || passed + failed === 0 ? 1 : 0;
