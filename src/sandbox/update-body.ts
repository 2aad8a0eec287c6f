// The update body's check, fast path first: a body that is plainly valid (what nearly every client
// sends) is recognised by hand, without building zod's parse result. Anything else — every invalid
// body, and valid bodies of unusual shape — goes through UpdateRequestSchema as before, so the
// accepted bodies and every refusal message are exactly the schema's. The hand check accepts only
// what the schema accepts (a subset: it never says yes where zod would say no).
import { UUID_PATTERN, UpdateRequestSchema, type UpdateRequest } from '../contract/index.ts';

export type UpdateBodyCheck = { ok: true; data: UpdateRequest } | { ok: false; where: string; message: string };

function plainlyValid(json: unknown): json is UpdateRequest {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  const o = json as Record<string, unknown>;
  if (typeof o.ProspectOpportunityId !== 'string' || !UUID_PATTERN.test(o.ProspectOpportunityId)) return false;
  if (o.OpportunityNote !== undefined && typeof o.OpportunityNote !== 'string') return false;
  const fields = o.Fields;
  if (!Array.isArray(fields) || fields.length === 0) return false;
  for (const f of fields) {
    if (typeof f !== 'object' || f === null || Array.isArray(f)) return false;
    const { SchemaName, Value } = f as Record<string, unknown>;
    if (typeof SchemaName !== 'string' || SchemaName.length === 0 || typeof Value !== 'string') return false;
  }
  return true;
}

/** The parsed JSON checked against the update request schema; the first problem when it fails. */
export function checkUpdateBody(json: unknown): UpdateBodyCheck {
  // The fast path hands back the parsed JSON itself: the sandbox reads only the schema's own fields.
  if (plainlyValid(json)) return { ok: true, data: json };
  const checked = UpdateRequestSchema.safeParse(json);
  if (checked.success) return { ok: true, data: checked.data };
  const first = checked.error.issues[0]!;
  return { ok: false, where: first.path.length ? first.path.join('.') : 'body', message: first.message };
}
