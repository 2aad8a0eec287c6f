// Provider states for the verifier. Against a sandbox (embedded or at --provider-url) each state is
// set through the sandbox's admin endpoint, which answers with the values the pact pinned with
// fromProviderState (the RequestID the sandbox minted). Against a real host there is nothing to set
// up: only the interactions whose states need no set-up are verified there (see real-host-pact.ts).
import type { VerifierOptions } from '@pact-foundation/pact';
import { PROVIDER_STATES } from '../../src/sandbox/index.ts';

type StateHandlers = NonNullable<VerifierOptions['stateHandlers']>;
type JsonMap = Record<string, unknown>;

/** States that set nothing up: an interaction under one of these alone is safe against a real host. */
export const NO_SETUP_STATES = ['no update request has that RequestID', 'the credentials are valid'] as const;

async function postState(adminUrl: string, body: JsonMap): Promise<JsonMap> {
  const res = await fetch(`${adminUrl}/__sandbox/states`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`provider state ${JSON.stringify(body.state)} refused by the sandbox (HTTP ${res.status}): ${text.slice(0, 300)}`);
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

export function realHostStateHandlers(): StateHandlers {
  return Object.fromEntries(NO_SETUP_STATES.map((state) => [state, async () => undefined]));
}
