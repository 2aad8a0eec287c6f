// The admin endpoint (loopback only): settings, fault injection, drift, provider states, ground truth.
// It is not part of LeadSquared's API and never counts against the rate limit. Besides the peer
// address, admin-guard.ts checks Host, Origin and the content type of writes (browsers on this machine).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { adminRefusal } from './admin-guard.ts';
import { ADMIN_PREFIX } from './admin-prefix.ts';
import { EXCEPTIONS, envelope, sendJson } from './envelope.ts';
import { sendOpenApi } from './openapi-route.ts';
import { FaultRuleSchema } from './faults.ts';
import { PROVIDER_STATES, applyProviderState, releaseProviderState } from './provider-states.ts';
import { readBody } from './read-body.ts';
import type { ParsedTarget } from './request-target.ts';
import type { Sandbox } from './server.ts';
import { parseSettingsPatch } from './settings-schema.ts';
import type { Task } from './tasks.ts';

export { ADMIN_PREFIX };

function isLoopback(req: IncomingMessage): boolean {
  const a = req.socket.remoteAddress ?? '';
  return a === '::1' || a.startsWith('127.') || a.startsWith('::ffff:127.');
}

async function readJson(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  const body = await readBody(req, 1024 * 1024);
  if (!body.ok) return { ok: false, error: `admin body ${body.reason}` };
  if (body.text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(body.text) };
  } catch {
    return { ok: false, error: 'admin body is not JSON' };
  }
}

/**
 * A refusal by the admin endpoint: LeadSquared's envelope like every other refusal of the sandbox (a
 * fuzzer or a client cannot tell the two apart by shape), plus `error`, which the admin's own callers
 * have always read.
 */
function sendAdminError(res: ServerResponse, status: number, exceptionType: string, message: string): void {
  sendJson(res, status, { ...envelope(exceptionType, message), error: message });
}

/** decodeURIComponent without the URIError a broken escape (`%E0%A4%A`) throws; null when broken. */
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Ground truth of one request, with the durations a benchmark compares against. */
export function groundTruth(t: Task) {
  return {
    ...t,
    rawBody: undefined,
    attemptCount: t.attempts.length,
    completionMs: t.completedAt === null ? null : t.completedAt - t.acceptedAt,
  };
}

export async function handleAdmin(sb: Sandbox, req: IncomingMessage, res: ServerResponse, url: ParsedTarget): Promise<void> {
  if (!isLoopback(req)) return sendAdminError(res, 403, EXCEPTIONS.forbidden, 'the admin endpoint answers loopback callers only');
  const refusal = adminRefusal(req);
  if (refusal) return sendAdminError(res, 403, EXCEPTIONS.forbidden, refusal);
  const route = `${req.method} ${url.pathname.slice(ADMIN_PREFIX.length) || '/'}`;
  const bad = (error: string) => sendAdminError(res, 400, EXCEPTIONS.badRequest, error);

  if (route === 'GET /health') return sendJson(res, 200, { ok: true, tasks: sb.tasks.size, keptBodyBytes: sb.tasks.keptBodyBytes, now: sb.clock.now() });
  if (route === 'GET /settings') return sendJson(res, 200, { ...sb.settings, credentials: '(hidden)' });
  if (route === 'PATCH /settings' || route === 'PUT /settings') {
    const body = await readJson(req);
    if (!body.ok) return bad(body.error);
    const patch = parseSettingsPatch(body.value);
    if (!patch.ok) return bad(patch.problems.join('; '));
    sb.configure(patch.patch);
    return sendJson(res, 200, { ...sb.settings, credentials: '(hidden)' });
  }
  if (route === 'GET /faults') return sendJson(res, 200, sb.faults.list());
  if (route === 'POST /faults') {
    const body = await readJson(req);
    if (!body.ok) return bad(body.error);
    const rule = FaultRuleSchema.safeParse(body.value);
    if (!rule.success) return bad(rule.error.issues.map((i) => `${i.path.join('.') || 'fault'}: ${i.message}`).join('; '));
    return sendJson(res, 201, sb.faults.add(rule.data));
  }
  if (route === 'DELETE /faults') {
    sb.faults.clear();
    return sendJson(res, 200, []);
  }
  if (route === 'POST /reset') {
    // ?scope=budget refills the rate-limit budgets only, keeping tasks, faults and drift: for a tool
    // (like the release gate) that must not undo how somebody else set the sandbox up.
    const scope = url.searchParams.get('scope') ?? 'all';
    if (scope !== 'all' && scope !== 'budget') return bad('scope: must be all or budget');
    if (scope === 'budget') sb.refillBudget();
    else sb.reset();
    return sendJson(res, 200, { ok: true, scope });
  }
  if (route === 'GET /states') return sendJson(res, 200, PROVIDER_STATES);
  if (route === 'POST /states') {
    const body = await readJson(req);
    if (!body.ok) return bad(body.error);
    const { state, params, action } = (body.value ?? {}) as { state?: unknown; params?: unknown; action?: unknown };
    if (typeof state !== 'string') return bad('state: a provider state name is required');
    const refillBudget = () => sb.refillBudget();
    if (action === 'teardown') {
      releaseProviderState(state, { refillBudget });
      return sendJson(res, 200, {});
    }
    try {
      const values = applyProviderState(state, (params && typeof params === 'object' ? params : {}) as Record<string, unknown>, {
        tasks: sb.tasks,
        now: sb.clock.now(),
        newId: () => sb.random.uuid(),
        exhaustBudget: () => sb.exhaustBudget(),
        refillBudget,
      });
      return sendJson(res, 200, values);
    } catch (err) {
      return bad((err as Error).message);
    }
  }
  if (route === 'GET /requests') {
    const limit = Math.min(10_000, Math.max(1, Number(url.searchParams.get('limit') ?? 100) || 100));
    return sendJson(res, 200, sb.tasks.list(limit).map(groundTruth));
  }
  if (req.method === 'GET' && url.pathname.startsWith(`${ADMIN_PREFIX}/requests/`)) {
    const id = decodeSegment(url.pathname.slice(`${ADMIN_PREFIX}/requests/`.length));
    if (id === null) return bad('requests/ID: the RequestID is not valid percent-encoding');
    const task = sb.tasks.get(id);
    return task ? sendJson(res, 200, groundTruth(task)) : sendAdminError(res, 404, EXCEPTIONS.unknownRequest, 'no such request');
  }
  if (route === 'GET /answered') return sendJson(res, 200, Object.fromEntries(sb.answered));
  if (route === 'GET /openapi.yaml' || route === 'GET /openapi.json') return sendOpenApi(sb, res, route.endsWith('.json') ? 'json' : 'yaml');
  req.resume();
  return sendAdminError(res, 404, EXCEPTIONS.notFound, `no admin route ${route.slice(0, 200)}`);
}
