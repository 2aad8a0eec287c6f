// The one JSON shape `status --json` and `update --wait --json` print for a status.
import type { StatusResult } from '../client/client.ts';
import { LsqError } from '../client/errors.ts';
import { CommandExit, EXIT } from './exit-codes.ts';
import { err, outJson } from './output.ts';
import type { ContractViolation } from '../contract/index.ts';

export function statusJson(s: StatusResult, extraViolations: ContractViolation[] = []) {
  return {
    requestId: s.requestId,
    state: s.state,
    status: s.status,
    reason: s.reason,
    currentStep: s.currentStep,
    lastStep: s.lastStep,
    taskType: s.taskType,
    message: s.message,
    messageForm: s.messageForm,
    requestBody: s.requestBody,
    requestBodyForm: s.requestBodyForm,
    httpStatus: s.httpStatus,
    violations: dedupe([...s.violations, ...extraViolations]),
  };
}

export function errorJson(error: Error) {
  const e = error as Error & {
    status?: number;
    envelope?: unknown;
    violations?: ContractViolation[];
    retryAfterSeconds?: number | null;
    leadSquaredMessage?: string;
  };
  return {
    error: {
      kind: e.name,
      message: e.message,
      ...(e.status !== undefined ? { httpStatus: e.status } : {}),
      ...(e.envelope ? { envelope: e.envelope } : {}),
      ...(e.leadSquaredMessage !== undefined ? { leadSquaredMessage: e.leadSquaredMessage, retryAfterSeconds: e.retryAfterSeconds } : {}),
    },
    violations: e.violations ?? [],
  };
}

function dedupe(vs: ContractViolation[]): ContractViolation[] {
  const seen = new Map<string, ContractViolation>();
  for (const v of vs) seen.set(`${v.rule}@${v.path}`, v);
  return [...seen.values()];
}

export function statusLine(s: StatusResult): string {
  const parts = [`${s.requestId ?? '(no id)'}  ${s.state}  (${s.status ?? 'no status word'})`];
  if (s.reason) parts.push(`reason: ${s.reason}`);
  if (s.opportunityId) parts.push(`opportunity: ${s.opportunityId}`);
  for (const v of s.violations) parts.push(`contract violation ${v.rule} at ${v.path}: ${v.detail}`);
  return parts.join('\n  ');
}

/** A call that failed with a typed client error is a failed check (exit 1): print it, as JSON or a line. */
export function rethrowAsCheckFailure(e: unknown, json: boolean | undefined): never {
  if (e instanceof LsqError) {
    if (json) outJson(errorJson(e));
    else err(e.message);
    throw new CommandExit(EXIT.checkFailed);
  }
  throw e;
}
