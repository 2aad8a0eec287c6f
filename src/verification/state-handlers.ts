// Provider states for the verifier. Against a sandbox (embedded or at --provider-url) each state is
// set through the sandbox's admin endpoint, which answers with the values the pact pinned with
// fromProviderState (the RequestID the sandbox minted). Against a real host there is no admin API:
// the interactions whose states need no set-up are verified there, and, with --allow-writes, the state
// a real host can be brought into by ordinary calls — "an update request succeeded" is a real update of
// the canary opportunity, waited for to Success (see real-host-pact.ts).
import type { VerifierOptions } from '@pact-foundation/pact';
import { waitForCompletion } from '../client/index.ts';
import { sendOverNodeHttp } from '../client/node-http.ts';
import type { HarnessSettings } from '../config/settings.ts';
import { clientFor } from '../config/target.ts';
import { PROVIDER_STATES } from '../sandbox/provider-states.ts';

type StateHandlers = NonNullable<VerifierOptions['stateHandlers']>;
type JsonMap = Record<string, unknown>;

/** States that set nothing up: an interaction under one of these alone is safe against a real host. */
export const NO_SETUP_STATES = ['no update request has that RequestID', 'the credentials are valid'] as const;

// Over node:http (the client's transport), not fetch: two calls per interaction, and undici's fetch
// cost ~2 ms of CPU each, about a tenth of a whole verification against a sandbox.
const STATE_ANSWER_CAP = 1 << 20;

async function postState(adminUrl: string, body: JsonMap): Promise<JsonMap> {
  const res = await sendOverNodeHttp(
    new URL(`${adminUrl}/__sandbox/states`),
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    AbortSignal.timeout(5000),
    STATE_ANSWER_CAP,
  );
  const text = res.text;
  if (res.status < 200 || res.status > 299)
    throw new Error(`provider state ${JSON.stringify(body.state)} refused by the sandbox (HTTP ${res.status}): ${text.slice(0, 300)}`);
  return JSON.parse(text) as JsonMap;
}

export function sandboxStateHandlers(sandboxUrl: string): StateHandlers {
  const handlers: StateHandlers = {};
  for (const state of Object.keys(PROVIDER_STATES)) {
    handlers[state] = {
      setup: async (params) => (await postState(sandboxUrl, { state, params: params ?? {} })) as never,
      teardown: async () => {
        await postState(sandboxUrl, { state, action: 'teardown' });
      },
    };
  }
  return handlers;
}

/** States a real host is brought into by ordinary calls that write: verified only with --allow-writes. */
export const REAL_HOST_WRITE_STATES = ['an update request succeeded'] as const;

export function realHostStateHandlers(settings: HarnessSettings, baseUrl: string, allowWrites: boolean): StateHandlers {
  const handlers: StateHandlers = Object.fromEntries(NO_SETUP_STATES.map((state) => [state, async () => undefined]));
  if (!allowWrites) return handlers;
  handlers['an update request succeeded'] = async () => {
    const opportunityId = settings.canaryOpportunityId;
    if (!opportunityId) throw new Error('the state "an update request succeeded" updates the canary opportunity: set LSQ_CANARY_OPPORTUNITY_ID');
    const client = clientFor(settings, baseUrl);
    const note = `lsq-harness contract verification ${new Date().toISOString()}`;
    const { requestId } = await client.submitUpdate({
      ProspectOpportunityId: opportunityId,
      OpportunityNote: note,
      Fields: [{ SchemaName: 'mx_Custom_1', Value: note }],
    });
    const done = await waitForCompletion(client, requestId, { deadlineMs: 120_000 });
    if (done.state !== 'succeeded')
      throw new Error(`the update made for the state "an update request succeeded" ended ${done.state}${done.timedOut ? ' (timed out)' : ''}`);
    return { RequestID: requestId, opportunityId } as never;
  };
  return handlers;
}
