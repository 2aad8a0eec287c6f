// Pact provider states, as sentences. Each sets the sandbox up so that an interaction can be replayed,
// and returns the values the consumer pinned with `fromProviderState` (the sandbox mints its own ids).
import { MX_FAILURE, SYSTEM_ERROR_TEXT } from './triggers.ts';
import { acceptedTask, type Task, type TaskStore } from './tasks.ts';
import { SUCCESS_STATUS_REASON } from '../contract/index.ts';

export const PROVIDER_STATES = {
  'an update request is In-Queue': 'a request accepted and not yet picked',
  'an update request is being processed': 'a request picked and being worked on',
  'an update request succeeded': 'a finished request whose Message names the opportunity',
  'an update failed with an MX exception': 'a request that ended FAILURE with an MX reason',
  'an update ended in ERROR after retries': 'a request whose system errors exhausted the retries',
  'no update request has that RequestID': 'nothing to set up: the RequestID is unknown',
  'the credentials are valid': 'nothing to set up',
  'the rate limit is exhausted': 'the budget of the default key is spent, so the next call is refused',
} as const;
export type ProviderState = keyof typeof PROVIDER_STATES;

export interface StateContext {
  tasks: TaskStore;
  now: number;
  newId: () => string;
  exhaustBudget: () => void;
  /** Gives the spent budget back, so the interactions verified after a 429 are not refused too. */
  refillBudget: () => void;
}

/** Undoes what a state set up when the undoing matters to the next interaction (Pact's teardown). */
export function releaseProviderState(name: string, ctx: Pick<StateContext, 'refillBudget'>): void {
  if (name === 'the rate limit is exhausted') ctx.refillBudget();
}

export const DEFAULT_STATE_OPPORTUNITY = '6a22455b-213e-4450-a960-3deef72b5eec';

export function applyProviderState(name: string, params: Record<string, unknown>, ctx: StateContext): Record<string, unknown> {
  if (!(name in PROVIDER_STATES)) throw new Error(`unknown provider state ${JSON.stringify(name)}; known: ${Object.keys(PROVIDER_STATES).join(' | ')}`);
  const opportunityId = typeof params.opportunityId === 'string' ? params.opportunityId : DEFAULT_STATE_OPPORTUNITY;
  const requestId = typeof params.requestId === 'string' ? params.requestId : ctx.newId();
  const rawBody = JSON.stringify({
    ProspectOpportunityId: opportunityId,
    OpportunityNote: 'provider state',
    Fields: [{ SchemaName: 'mx_Custom_1', Value: 'x' }],
  });
  const base = acceptedTask(requestId, opportunityId, rawBody, ctx.now - 1000);
  const past = ctx.now - 500;
  const done = (final: Task['final'], reason: string, result: 'success' | 'application-error' | 'system-error'): Task => ({
    ...base,
    pickedAt: past,
    completedAt: past + 1,
    attempts: [{ startedAt: past, endedAt: past + 1, result }],
    final,
    finalReason: reason,
  });
  switch (name as ProviderState) {
    case 'an update request is In-Queue':
      ctx.tasks.add(base);
      break;
    case 'an update request is being processed':
      ctx.tasks.add({ ...base, pickedAt: past, attempts: [{ startedAt: past, endedAt: Number.MAX_SAFE_INTEGER, result: 'success' }] });
      break;
    case 'an update request succeeded':
      ctx.tasks.add(done('Success', SUCCESS_STATUS_REASON, 'success'));
      break;
    case 'an update failed with an MX exception':
      ctx.tasks.add(done('FAILURE', `${MX_FAILURE.exceptionType}: ${MX_FAILURE.message}`, 'application-error'));
      break;
    case 'an update ended in ERROR after retries':
      ctx.tasks.add(done('ERROR', SYSTEM_ERROR_TEXT, 'system-error'));
      break;
    case 'the rate limit is exhausted':
      ctx.exhaustBudget();
      return {};
    case 'no update request has that RequestID':
    case 'the credentials are valid':
      return { RequestID: requestId, opportunityId };
  }
  return { RequestID: requestId, opportunityId };
}
