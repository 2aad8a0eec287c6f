// Reading the update's accepted body and LeadSquared's error envelope, with violations, never a throw.
import { UUID_PATTERN, UpdateAcceptedSchema, ErrorEnvelopeSchema, type ErrorEnvelope } from './schemas.ts';
import { describe } from './parse-status.ts';
import { fromZodIssues, violation, type ContractViolation } from './violations.ts';

export interface ParsedAccepted {
  requestId: string | null;
  status: string | null;
  violations: ContractViolation[];
}

export function parseAcceptedBody(body: unknown): ParsedAccepted {
  const violations: ContractViolation[] = [];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    violations.push(violation('body.not-object', '$', `expected an object, got ${describe(body)}`));
    return { requestId: null, status: null, violations };
  }
  const top = body as Record<string, unknown>;
  // Accept the sibling pages' spelling too, as for status bodies.
  const requestId = typeof top.RequestID === 'string' ? top.RequestID : typeof top.RequestId === 'string' ? top.RequestId : null;
  if (requestId === null || requestId === '') {
    violations.push(violation('accepted.request-id.missing', '$.RequestID', 'the accepted body carries no RequestID'));
  } else if (!UUID_PATTERN.test(requestId)) {
    violations.push(violation('accepted.request-id.not-uuid', '$.RequestID', `RequestID ${JSON.stringify(requestId)} is not uuid-shaped`));
  }
  const shape = UpdateAcceptedSchema.safeParse(body);
  if (!shape.success) {
    violations.push(
      ...fromZodIssues(
        'accepted.shape',
        shape.error.issues.filter((i) => String(i.path.at(-1)) !== 'RequestID'),
      ),
    );
  }
  return { requestId: requestId || null, status: typeof top.Status === 'string' ? top.Status : null, violations };
}

export interface ParsedError {
  envelope: ErrorEnvelope | null;
  violations: ContractViolation[];
}

export function parseErrorEnvelope(body: unknown): ParsedError {
  const parsed = ErrorEnvelopeSchema.safeParse(body);
  if (parsed.success) return { envelope: parsed.data, violations: [] };
  if (body === null || typeof body !== 'object') {
    return { envelope: null, violations: [violation('error.envelope.shape', '$', `expected LeadSquared's error envelope, got ${describe(body)}`)] };
  }
  return { envelope: null, violations: fromZodIssues('error.envelope.shape', parsed.error.issues) };
}
