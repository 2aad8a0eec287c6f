// Plays one cassette's flow through the real client and describes what came back, without judging it:
// `status` reads the cassette's RequestID once, `submit` sends the recorded update, `wait` submits (when
// the cassette recorded a submit) and polls to a final state. What the cassette needs to know about
// itself — its RequestID, its paths, its request body — is read from its entries.
import { waitForCompletion, type LsqClient, type PollSchedule } from '../client/index.ts';
import { redact } from '../client/redact.ts';
import {
  DEFAULT_STATUS_PATH,
  DEFAULT_UPDATE_PATH,
  UpdateRequestSchema,
  exampleUpdateRequest,
  type ContractViolation,
  type StatusExpectations,
  type UpdateRequest,
} from '../contract/index.ts';
import { CLIENT_ERROR_NAMES, type CassetteExpectation, type CassetteOutcome, type Flow } from './expectation.ts';
import type { Har } from './har.ts';

/** Poll again after 1 ms: the cassette sets the pace (and Retry-After still applies), not the production backoff. */
export const CASSETTE_POLLS: PollSchedule = { delayBefore: () => 1 };

/** A wait that never ends polls every millisecond until its deadline: its trail keeps the first 100. */
const MAX_POLLS_KEPT = 100;

/** The RequestID a cassette is about: from its first status call, else from a recorded body; '' when none. */
export function requestIdOf(har: Har): string {
  for (const e of har.log.entries) {
    const id = new URL(e.request.url).searchParams.get('RequestID');
    if (id) return id;
  }
  for (const e of har.log.entries) {
    const m = /"RequestI[Dd]"\s*:\s*"([^"]+)"/.exec(e.response.content.text ?? '');
    if (m) return m[1]!;
  }
  return '';
}

/** The update and status paths the recording used (LSQ_UPDATE_PATH / LSQ_STATUS_PATH may differ from the defaults). */
export function recordedPaths(har: Har): { updatePath: string; statusPath: string } {
  const first = (method: string) => har.log.entries.find((e) => e.request.method.toUpperCase() === method);
  const post = first('POST');
  const get = first('GET');
  return {
    updatePath: post ? new URL(post.request.url).pathname : DEFAULT_UPDATE_PATH,
    statusPath: get ? new URL(get.request.url).pathname : DEFAULT_STATUS_PATH,
  };
}

/** The recorded update's body, when it is one; else the seed page's example. */
export function recordedUpdate(har: Har): UpdateRequest {
  const post = har.log.entries.find((e) => e.request.method.toUpperCase() === 'POST');
  try {
    const parsed = UpdateRequestSchema.safeParse(JSON.parse(post?.request.postData?.text ?? ''));
    if (parsed.success) return parsed.data;
  } catch {
    /* not JSON: the example below */
  }
  return exampleUpdateRequest;
}

/** A cassette without an expectation is played one call per recorded exchange, in order: every answer reaches the client once. */
export const EVERY_ENTRY = 'every-entry';

export interface PlayFlowOptions {
  har: Har;
  flow: Flow | typeof EVERY_ENTRY;
  expectation: CassetteExpectation | null;
  client: LsqClient;
  /** A `wait` gives up after this long. */
  waitDeadlineMs: number;
  /** Aborted when a request goes unanswered: the flow stops there instead of waiting it out. */
  signal: AbortSignal;
}

export async function playFlow(o: PlayFlowOptions): Promise<Omit<CassetteOutcome, 'unhandled'>> {
  const violations: ContractViolation[] = [];
  const out: Omit<CassetteOutcome, 'unhandled'> = { flow: o.flow, violations: [] };
  const expect: StatusExpectations = o.expectation?.opportunityId ? { opportunityId: o.expectation.opportunityId } : {};
  const hasSubmit = o.har.log.entries.some((e) => e.request.method.toUpperCase() === 'POST');
  try {
    if (o.flow === EVERY_ENTRY) {
      // A typed error is an answer like any other here: go on to the next exchange. Anything else is a crash.
      for (const e of o.har.log.entries) {
        try {
          if (e.request.method.toUpperCase() === 'POST')
            violations.push(...(await o.client.submitUpdate(recordedUpdate(o.har), { signal: o.signal })).violations);
          else violations.push(...(await o.client.getStatus(new URL(e.request.url).searchParams.get('RequestID') ?? '', expect, o.signal)).violations);
        } catch (err) {
          if (o.signal.aborted || !(err instanceof Error) || !CLIENT_ERROR_NAMES.has(err.name)) throw err;
          violations.push(...((err as { violations?: ContractViolation[] }).violations ?? []));
        }
      }
    } else if (o.flow === 'status') {
      const s = await o.client.getStatus(requestIdOf(o.har), expect, o.signal);
      out.state = s.state;
      violations.push(...s.violations);
    } else if (o.flow === 'submit' || (o.flow === 'wait' && hasSubmit)) {
      const update = recordedUpdate(o.har);
      const submitted = await o.client.submitUpdate(update, { signal: o.signal });
      violations.push(...submitted.violations);
      if (o.flow === 'wait') await poll(o, submitted.requestId, { opportunityId: expect.opportunityId ?? update.ProspectOpportunityId }, out, violations);
    } else {
      await poll(o, requestIdOf(o.har), expect, out, violations);
    }
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    out.error = e.name || e.constructor.name;
    out.errorMessage = redact(e.message);
    violations.push(...((err as { violations?: ContractViolation[] }).violations ?? []));
  }
  out.violations = violations.map((v) => v.rule).sort();
  return out;
}

async function poll(
  o: PlayFlowOptions,
  requestId: string,
  expect: StatusExpectations,
  out: Omit<CassetteOutcome, 'unhandled'>,
  violations: ContractViolation[],
): Promise<void> {
  const polls: string[] = [];
  out.polls = polls;
  const waited = await waitForCompletion(o.client, requestId, {
    schedule: CASSETTE_POLLS,
    deadlineMs: o.waitDeadlineMs,
    expect,
    signal: o.signal,
    onPoll: (status, i, error) => {
      if (i < MAX_POLLS_KEPT) polls.push(status ? status.state : (error?.name ?? 'Error'));
    },
  });
  if (waited.polls > MAX_POLLS_KEPT) polls.push(`… ${waited.polls - MAX_POLLS_KEPT} more`);
  violations.push(...waited.violations);
  out.state = waited.state; // 'unknown' when no poll read a status
  if (waited.timedOut) out.timedOut = true;
  if (waited.lastError) {
    out.error = waited.lastError.name;
    out.errorMessage = redact(waited.lastError.message);
  }
}
