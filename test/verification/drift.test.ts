// The contract must bite: the sandbox switched into each drift mode (a provider release breaking the
// contract the way real APIs do) must fail verification, on the interactions that drift touches.
import { expect, test } from 'vitest';
import type { DriftMode } from '../../src/sandbox/index.ts';
import { openVerificationTarget } from '../../src/verification/verification-target.ts';
import { verifyPacts } from '../../src/verification/verify.ts';

const expectations: Array<[DriftMode, string, RegExp]> = [
  ['message-object', 'Message sent as an object', /a status request for a successful update/],
  ['request-id-renamed', 'RequestID renamed in the status body', /a status request for a queued update/],
  ['status-word-changed', 'a status word changed', /a status request for an update that ended in ERROR/],
  ['accepted-without-request-id', 'the accepted body without RequestID', /an update of an opportunity/],
  ['error-envelope-renamed', 'the error envelope renamed', /an update with a wrong accessKey and secretKey/],
];

test.each(expectations)('verification fails when the provider drifts: %s (%s)', async (drift, _what, brokenInteraction) => {
  const target = await openVerificationTarget({ sandbox: { drift: [drift] } });
  try {
    const result = await verifyPacts(target);
    expect(result.ok).toBe(false);
    expect(result.broken.map((b) => b.interaction).join('\n')).toMatch(brokenInteraction);
  } finally {
    await target.close();
  }
});
