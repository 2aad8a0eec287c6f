// The conformance stage's command line: what the gate hands Schemathesis. The stage's runs in
// gate-stage.test.ts ask for fewer examples than a user's gate does (conformanceMaxExamples), so the
// count a user's gate asks for by default — the profile's — is checked here, without running it.
import { expect, test } from 'vitest';
import { CLI } from '../../src/gate/child.ts';
import { conformanceCommand } from '../../src/gate/stages/conformance.ts';
import type { StageContext } from '../../src/gate/stage.ts';

function ctx(o: Partial<StageContext> = {}): StageContext {
  return {
    target: { url: 'http://127.0.0.1:7', isSandbox: true, embedded: false, describe: 'a sandbox' },
    allow: { budgetExhaustion: false, writes: false },
    profile: 'smoke',
    out: '/reports',
    env: {},
    ...o,
  };
}

/** The value after a flag in an argument list. */
const after = (argv: string[], flag: string) => argv[argv.indexOf(flag) + 1];

test('by default the stage asks for the profile examples: 10 per operation (smoke), 50 (full)', () => {
  const [cmd, smoke] = conformanceCommand(ctx());
  expect(cmd).toBe(process.execPath);
  expect(smoke.slice(0, 3)).toEqual([CLI, 'conformance', '--json']);
  expect(smoke.filter((a) => a === '--max-examples')).toHaveLength(1);
  expect(after(smoke, '--max-examples')).toBe('10');
  expect(after(conformanceCommand(ctx({ profile: 'full' }))[1], '--max-examples')).toBe('50');
});

test('the command targets the gate URL and writes into the report folder; --allow-writes only when allowed', () => {
  const [, argv] = conformanceCommand(ctx());
  expect(after(argv, '--host')).toBe('http://127.0.0.1:7');
  expect(after(argv, '--out')).toBe('/reports/conformance');
  expect(after(argv, '--junit')).toBe('/reports/conformance-junit.xml');
  expect(argv).not.toContain('--allow-writes');
  expect(conformanceCommand(ctx({ allow: { budgetExhaustion: false, writes: true } }))[1]).toContain('--allow-writes');
});

test('a context may ask for another example count (the stage tests do), whatever the profile', () => {
  expect(after(conformanceCommand(ctx({ conformanceMaxExamples: 1 }))[1], '--max-examples')).toBe('1');
  expect(after(conformanceCommand(ctx({ profile: 'full', conformanceMaxExamples: 3 }))[1], '--max-examples')).toBe('3');
});
