// Drift modes make the sandbox break the contract on purpose, the way a provider release might,
// so that tests can prove the Pact verification and the monitor notice.
import type { DriftMode } from './settings.ts';

const CHANGED_WORDS: Record<string, string> = { 'In-Queue': 'Awaiting', Success: 'Done', FAILURE: 'Rejected', ERROR: 'Crashed' };

export function driftStatusBody(body: Record<string, unknown>, drift: readonly DriftMode[]): Record<string, unknown> {
  if (drift.length === 0) return body;
  let out: Record<string, unknown> = { ...body };
  const task = { ...(out.TaskStatus as Record<string, unknown>) };
  if (drift.includes('message-object') && typeof task.Message === 'string') task.Message = JSON.parse(task.Message);
  if (drift.includes('status-word-changed') && typeof task.Status === 'string') task.Status = CHANGED_WORDS[task.Status] ?? task.Status;
  out.TaskStatus = task;
  if (drift.includes('request-id-renamed')) {
    const { RequestID, ...rest } = out;
    out = { requestId: RequestID, ...rest };
  }
  return out;
}

export function driftAcceptedBody(body: Record<string, unknown>, drift: readonly DriftMode[]): Record<string, unknown> {
  if (!drift.includes('accepted-without-request-id')) return body;
  const { RequestID: _dropped, ...rest } = body;
  return rest;
}
