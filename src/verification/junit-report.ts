// The contracts command's JUnit report for CI: one test case per interaction of the pact (failed with
// what differed, skipped with why), and, when a broker is configured, one per broker step.
import { writeFileSync } from 'node:fs';
import junit, { type Builder } from 'junit-report-builder';
import { redact } from '../client/redact.ts';
import type { ContractsReport } from './contracts-report.ts';

// The package is CommonJS whose module.exports *is* the builder; its typings describe an ES default.
const builder = junit as unknown as Builder;

export function writeContractsJunit(file: string, report: ContractsReport): void {
  const root = builder.newBuilder();
  const suite = root
    .testSuite()
    .name(`pact verification against ${report.target.describe || 'the provider'}`)
    .property('pact', report.pact);
  for (const i of report.interactions) {
    const tc = suite.testCase().className('contracts.verification').name(i.description);
    if (i.durationMs !== null) tc.time(i.durationMs / 1000);
    if (i.result === 'failed') tc.failure(i.problems.join('\n'));
    if (i.result === 'skipped') tc.skipped().standardOutput(i.problems.join('\n'));
  }
  if (report.error) suite.testCase().className('contracts.verification').name('the verifier ran').error(report.error);
  const steps = report.broker.filter((s) => s.status !== 'skipped');
  if (steps.length) {
    const brokerSuite = root.testSuite().name('pact broker');
    for (const s of steps) {
      const tc = brokerSuite.testCase().className('contracts.broker').name(s.step);
      if (s.status === 'failed') tc.failure(s.line);
    }
  }
  writeFileSync(file, redact(root.build()));
}
