// A contract violation names the rule that broke and where (a JSON path), so that a dashboard can
// count them by rule and a person can find the field. The rules are a closed list: a new kind of
// drift gets a new rule here, not a free-text message.
import type { z } from 'zod';

export const VIOLATION_RULES = [
  'body.not-json', // a 2xx whose body is not JSON at all (empty, truncated, HTML)
  'body.not-object', // JSON, but not an object
  'body.too-large', // a body past the client's reading limit
  'content-type.not-json', // a 2xx that says it is not application/json
  'accepted.request-id.missing',
  'accepted.request-id.not-uuid',
  'accepted.shape', // another field of the accepted body off-shape
  'status.request-id.missing', // neither RequestID nor RequestId
  'status.request-id.mismatch', // the id answered is not the one asked for
  'status.task-status.missing',
  'status.status.missing',
  'status.status.unknown-word', // a word with no known meaning: state unknown
  'status.status.undocumented-word', // not In-Queue/Success/FAILURE/ERROR, but with a best-guess state
  'status.shape', // another field of TaskStatus off-shape (wrong type)
  'status.message.object', // Message sent as an object (documented reality: a JSON string)
  'status.message.double-encoded',
  'status.message.not-json',
  'status.message.missing-on-success', // Success without a Message
  'status.message.inner-shape', // decoded Message is not {Status, Message:{Id}}
  'status.message.wrong-id', // the decoded Id is not the opportunity that was updated
  'status.request-body.not-string',
  'status.request-body.not-json',
  'status.current-step.set-when-finished',
  'error.envelope.shape', // a 4xx/5xx whose body is not LeadSquared's error envelope
] as const;
export type ViolationRule = (typeof VIOLATION_RULES)[number];

export interface ContractViolation {
  rule: ViolationRule;
  /** JSON path of the offending value, `$` for the whole body. */
  path: string;
  detail: string;
}

export function violation(rule: ViolationRule, path: string, detail: string): ContractViolation {
  return { rule, path, detail };
}

/** Turns zod issues into violations under one rule, with `$.a.b[0]` paths. */
export function fromZodIssues(rule: ViolationRule, issues: readonly z.core.$ZodIssue[], prefix = '$'): ContractViolation[] {
  return issues.map((issue) => violation(rule, jsonPath(prefix, issue.path), issue.message));
}

export function jsonPath(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`), prefix);
}
