// The verification `lsq-harness contracts` runs by default, in-process here: the committed pact
// against the embedded sandbox, each interaction reported with its result.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { PACT_FILE } from '../../src/pact/pact-names.ts';
import { openVerificationTarget } from '../../src/verification/verification-target.ts';
import { verifyPacts } from '../../src/verification/verify.ts';

test('the committed pact holds against the embedded sandbox, every interaction reported passed', async () => {
  const target = await openVerificationTarget();
  try {
    const result = await verifyPacts(target);
    expect(result.ok, result.output).toBe(true);
    const committed = (JSON.parse(readFileSync(PACT_FILE, 'utf8')) as { interactions: Array<{ description: string }> }).interactions.map((i) => i.description);
    expect(result.interactions.map((i) => i.description).sort()).toEqual(committed.sort());
    expect(result.interactions.every((i) => i.result === 'passed' && i.durationMs !== null)).toBe(true);
  } finally {
    await target.close();
  }
});
