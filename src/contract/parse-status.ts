// Reads a Status API body into a typed, classified result plus the list of contract violations.
// It never throws: whatever arrives becomes a result the caller can print, count and alert on.
import { decodeEmbeddedJson, type EmbeddedForm } from './decode.ts';
import { StatusResponseSchema, SuccessMessageSchema } from './schemas.ts';
import {
  classifyStatusWord,
  classifyTask,
  findExtraStatusWord,
  isDocumentedStatusWord,
  isTerminal,
  type ExtraStatusWord,
  type TaskState,
} from './status-words.ts';
import { fromZodIssues, violation, type ContractViolation } from './violations.ts';

export interface ParsedStatus {
  requestId: string | null;
  state: TaskState;
  /** The raw status word, verbatim (null when absent). */
  status: string | null;
  reason: string | null;
  taskType: string | null;
  currentStep: string | null;
  lastStep: string | null;
  /** Decoded `Message`: the inner object on success, null when there is none. */
  message: unknown;
  messageForm: EmbeddedForm;
  /** Decoded `RequestBody`: the original request as an object when it parses. */
  requestBody: unknown;
  requestBodyForm: EmbeddedForm;
  /** The opportunity id inside a success Message, when there is one. */
  opportunityId: string | null;
  violations: ContractViolation[];
}

export interface StatusExpectations {
  /** The RequestID that was asked for. */
  requestId?: string;
  /** The opportunity that was updated; the decoded Message's Id must match it. */
  opportunityId?: string;
}

/** How to read status bodies: passed in by the caller, so that src/contract reads no environment. */
export interface StatusParseOptions {
  /** Words the user declared legitimate (LSQ_EXTRA_STATUS_WORDS): their state, and no violation. */
  extraStatusWords?: readonly ExtraStatusWord[];
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function parseStatusBody(body: unknown, expect: StatusExpectations = {}, options: StatusParseOptions = {}): ParsedStatus {
  const extra = options.extraStatusWords ?? [];
  const violations: ContractViolation[] = [];
  const result: ParsedStatus = {
    requestId: null,
    state: 'unknown',
    status: null,
    reason: null,
    taskType: null,
    currentStep: null,
    lastStep: null,
    message: null,
    messageForm: 'absent',
    requestBody: null,
    requestBodyForm: 'absent',
    opportunityId: null,
    violations,
  };
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    violations.push(violation('body.not-object', '$', `expected an object, got ${describe(body)}`));
    return result;
  }
  const top = body as Record<string, unknown>;
  result.requestId = str(top.RequestID) ?? str(top.RequestId);
  if (result.requestId === null) {
    violations.push(violation('status.request-id.missing', '$.RequestID', 'neither RequestID nor RequestId is a string'));
  } else if (expect.requestId && result.requestId.toLowerCase() !== expect.requestId.toLowerCase()) {
    violations.push(violation('status.request-id.mismatch', '$.RequestID', `asked for ${expect.requestId}, answered ${result.requestId}`));
  }

  const task = top.TaskStatus;
  if (task === null || typeof task !== 'object' || Array.isArray(task)) {
    violations.push(violation('status.task-status.missing', '$.TaskStatus', `expected an object, got ${describe(task)}`));
    return result;
  }
  const t = task as Record<string, unknown>;
  result.status = str(t.Status);
  result.reason = str(t.StatusReason);
  result.taskType = str(t.TaskType);
  result.currentStep = str(t.TaskCurrentStep);
  result.lastStep = str(t.TaskLastStep);
  result.state = classifyTask(t.Status, t.TaskCurrentStep, extra);

  if (t.Status === undefined || t.Status === null) {
    violations.push(violation('status.status.missing', '$.TaskStatus.Status', 'no status word'));
  } else if (result.status !== null) {
    checkStatusWord(result.status, extra, violations);
  }
  // Type checks of the other fields (status word and the embedded strings are judged above/below).
  const shape = StatusResponseSchema.safeParse(body);
  if (!shape.success) {
    const other = shape.error.issues.filter((i) => !['Status', 'RequestID', 'RequestId'].includes(String(i.path.at(-1))));
    violations.push(...fromZodIssues('status.shape', other));
  }
  if (isTerminal(result.state) && result.currentStep !== null) {
    violations.push(
      violation(
        'status.current-step.set-when-finished',
        '$.TaskStatus.TaskCurrentStep',
        `finished task still reports step ${JSON.stringify(result.currentStep)}`,
      ),
    );
  }

  const body2 = decodeEmbeddedJson(t.RequestBody);
  result.requestBody = body2.value;
  result.requestBodyForm = body2.form;
  if (body2.form === 'object' || body2.form === 'scalar') {
    violations.push(
      violation(
        'status.request-body.not-string',
        '$.TaskStatus.RequestBody',
        `expected a JSON string, got ${body2.form === 'object' ? 'an object' : describe(t.RequestBody)}`,
      ),
    );
  } else if (body2.form === 'text' || body2.form === 'double-encoded') {
    violations.push(
      violation('status.request-body.not-json', '$.TaskStatus.RequestBody', `RequestBody is ${body2.form === 'text' ? 'not JSON' : 'doubly encoded'}`),
    );
  }

  const msg = decodeEmbeddedJson(t.Message);
  result.message = msg.value;
  result.messageForm = msg.form;
  checkMessage(result, msg.form, expect, violations);
  return result;
}

/**
 * A word outside the four documented ones is drift even when its meaning is clear (it gets its
 * best-guess state all the same), unless the user declared it in LSQ_EXTRA_STATUS_WORDS.
 */
function checkStatusWord(word: string, extra: readonly ExtraStatusWord[], violations: ContractViolation[]): void {
  const path = '$.TaskStatus.Status';
  if (isDocumentedStatusWord(word) || findExtraStatusWord(word, extra)) return;
  const guess = classifyStatusWord(word);
  if (guess === 'unknown') {
    violations.push(violation('status.status.unknown-word', path, `unknown status word ${JSON.stringify(word)}`));
  } else {
    violations.push(
      violation(
        'status.status.undocumented-word',
        path,
        `undocumented status word ${JSON.stringify(word)}, read as ${guess} (allow it with LSQ_EXTRA_STATUS_WORDS)`,
      ),
    );
  }
}

function checkMessage(result: ParsedStatus, form: EmbeddedForm, expect: StatusExpectations, violations: ContractViolation[]): void {
  const path = '$.TaskStatus.Message';
  if (form === 'object') violations.push(violation('status.message.object', path, 'Message is an object; LeadSquared sends it as a JSON string'));
  if (form === 'double-encoded') violations.push(violation('status.message.double-encoded', path, 'Message is a JSON string inside a JSON string'));
  if (form === 'text') violations.push(violation('status.message.not-json', path, 'Message is a string that is not JSON'));
  if (form === 'scalar') violations.push(violation('status.shape', path, `Message is ${describe(result.message)}`));
  if (result.state !== 'succeeded') return;
  if (form === 'null' || form === 'absent' || form === 'empty') {
    violations.push(violation('status.message.missing-on-success', path, `Success with Message ${form}`));
    return;
  }
  if (form === 'text' || form === 'scalar') return;
  const inner = SuccessMessageSchema.safeParse(result.message);
  if (!inner.success) {
    violations.push(...fromZodIssues('status.message.inner-shape', inner.error.issues, path));
    return;
  }
  result.opportunityId = inner.data.Message.Id;
  if (expect.opportunityId && inner.data.Message.Id.toLowerCase() !== expect.opportunityId.toLowerCase()) {
    violations.push(violation('status.message.wrong-id', `${path}.Message.Id`, `updated ${expect.opportunityId}, Message names ${inner.data.Message.Id}`));
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
