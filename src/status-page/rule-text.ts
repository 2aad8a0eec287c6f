// What each contract-violation rule means, in a sentence a release manager can read on the status page
// (the rule names themselves are the closed list in src/contract/violations.ts). A Record over the
// rule type: a rule added there without a sentence here fails the type-check instead of showing a bare code.
import type { ViolationRule } from '../contract/index.ts';

export const RULE_TEXT: Readonly<Record<ViolationRule, string>> = {
  'body.not-json': 'a 2xx answer whose body is not JSON at all (empty, truncated or HTML)',
  'body.not-object': 'a JSON answer that is not an object',
  'body.too-large': "an answer larger than the client's reading limit",
  'content-type.not-json': 'a 2xx answer that does not say application/json',
  'accepted.request-id.missing': 'the update was accepted without a RequestID',
  'accepted.request-id.not-uuid': "the accepted answer's RequestID is not a UUID",
  'accepted.shape': 'another field of the accepted answer has the wrong shape',
  'status.request-id.missing': 'the status answer names no RequestID (neither RequestID nor RequestId)',
  'status.request-id.mismatch': 'the status answer is about another RequestID than the one asked for',
  'status.task-status.missing': 'the status answer has no TaskStatus',
  'status.status.missing': 'TaskStatus has no Status word',
  'status.status.unknown-word': 'a Status word with no known meaning: the state is unknown',
  'status.status.undocumented-word': 'a Status word other than In-Queue, Success, FAILURE or ERROR (given a best-guess state)',
  'status.shape': 'another field of TaskStatus has the wrong type',
  'status.message.object': 'Message sent as a JSON object; LeadSquared sends it as a JSON-encoded string',
  'status.message.double-encoded': 'Message is JSON encoded twice',
  'status.message.not-json': 'Message is a string that is not JSON',
  'status.message.missing-on-success': 'Success without a Message',
  'status.message.inner-shape': 'the decoded Message is not {Status, Message: {Id}}',
  'status.message.wrong-id': 'the decoded Message names another opportunity than the one updated',
  'status.request-body.not-string': 'RequestBody is not a string',
  'status.request-body.not-json': 'RequestBody is a string that is not JSON',
  'status.current-step.set-when-finished': 'TaskCurrentStep is still set on a finished task',
  'error.envelope.shape': "a 4xx/5xx answer whose body is not LeadSquared's error envelope",
};

/** The sentence for a rule; a rule this build does not know (an older or newer history file) says so. */
export function explainRule(rule: string): string {
  return Object.hasOwn(RULE_TEXT, rule) ? RULE_TEXT[rule as ViolationRule] : 'a rule this version of lsq-harness does not know';
}
