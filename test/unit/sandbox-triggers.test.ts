// readUpdateTriggers skips building an update's list of words when none can be a trigger; it must
// read every update exactly as readTriggers does.
import { expect, test } from 'vitest';
import { readTriggers, readUpdateTriggers } from '../../src/sandbox/triggers.ts';

const WORDS = [
  '',
  'note',
  'SANDBOX_',
  'SANDBOX_STUCK',
  'SANDBOX_FAIL_MX',
  'SANDBOX_SYSTEM_ERROR',
  'SANDBOX_SYSTEM_ERROR_ONCE',
  'SANDBOX_LATENCY_MS=250',
  'sandbox_stuck',
  ' SANDBOX_STUCK',
];
const OPPORTUNITIES = [
  '5ca5b042-51ea-4699-b6f0-84c40ab12770',
  '00000000-0000-0000-0000-000000000001',
  '00000000-0000-0000-0000-ABCDEF000001',
  '00000000-0000-0000-1111-000000000001',
];

test('readUpdateTriggers reads every update as readTriggers does', () => {
  let seed = 3;
  const pick = <T>(xs: readonly T[]): T => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return xs[seed % xs.length]!;
  };
  for (let i = 0; i < 3000; i++) {
    const note = pick([undefined, ...WORDS]);
    const values = Array.from({ length: 1 + (i % 3) }, () => pick(WORDS));
    const opportunity = pick(OPPORTUNITIES);
    const update = { ProspectOpportunityId: opportunity, OpportunityNote: note, Fields: values.map((Value) => ({ SchemaName: 'mx_Custom_1', Value })) };
    expect(readUpdateTriggers(update)).toEqual(readTriggers(opportunity, note, values));
  }
});
