// Where the pact is verified: the embedded sandbox (default), a sandbox already running at
// --provider-url, or the real host from the settings (LSQ_ASYNC_HOST). Each comes with its state
// handlers, the credential swap, and the pact files it can serve.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../config/errors.ts';
import { loadSettings, parseHostUrl, type HarnessSettings } from '../config/settings.ts';
import type { SandboxSettingsPatch } from '../sandbox/index.ts';
import type { VerifierOptions } from '@pact-foundation/pact';
import { PACT_FILE } from '../pact/pact-names.ts';
import { credentialFilter } from './credential-filter.ts';
import { realHostPact } from './real-host-pact.ts';
import { realHostStateHandlers, sandboxStateHandlers } from './state-handlers.ts';

export interface TargetRequest {
  /** A sandbox already running (e.g. `lsq-harness sandbox`); its admin endpoint sets the states. */
  providerUrl?: string | undefined;
  /** Against a real host, also verify the interactions that write (an update is really submitted). */
  allowWrites?: boolean;
  /** Settings of the embedded sandbox (drift modes in the drift tests). */
  sandbox?: SandboxSettingsPatch;
  env?: Record<string, string | undefined>;
  pactFile?: string;
}

export interface VerificationTarget {
  kind: 'embedded-sandbox' | 'sandbox-url' | 'real-host';
  providerBaseUrl: string;
  describe: string;
  pactFiles: string[];
  /** Interactions left out (real host without --allow-writes), for one honest line in the output. */
  skipped: string[];
  options: Pick<VerifierOptions, 'stateHandlers' | 'requestFilter'>;
  close(): Promise<void>;
}

function filterFor(settings: HarnessSettings) {
  return credentialFilter({
    credentials: settings.credentials,
    credentialsIn: settings.credentialsIn,
    updatePath: settings.updatePath,
    statusPath: settings.statusPath,
  });
}

export async function assertSandboxAnswers(url: string): Promise<void> {
  try {
    const res = await fetch(`${url}/__sandbox/health`, { signal: AbortSignal.timeout(3000) });
    if (res.ok) return;
    throw new ConfigError('--provider-url', `${url}/__sandbox/health answered HTTP ${res.status}; is it an lsq-harness sandbox?`);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError('--provider-url', `no sandbox answers at ${url} (${(e as Error).message})`);
  }
}

export async function openVerificationTarget(req: TargetRequest = {}): Promise<VerificationTarget> {
  const env = req.env ?? process.env;
  const pactFile = req.pactFile ?? PACT_FILE;

  if (req.providerUrl !== undefined) {
    const url = parseHostUrl(req.providerUrl, '--provider-url');
    // A sandbox at a URL takes the sandbox's credentials (LSQ_* when set), never the real host's.
    const settings = loadSettings({ ...env, LSQ_ASYNC_HOST: undefined });
    await assertSandboxAnswers(url);
    return {
      kind: 'sandbox-url',
      providerBaseUrl: url,
      describe: `the sandbox at ${url}`,
      pactFiles: [pactFile],
      skipped: [],
      options: { stateHandlers: sandboxStateHandlers(url), requestFilter: filterFor(settings) },
      close: async () => {},
    };
  }

  const settings = loadSettings(env);
  if (settings.target.kind === 'remote') {
    const { file, skipped } = realHostPact(pactFile, req.allowWrites ?? false);
    return {
      kind: 'real-host',
      providerBaseUrl: settings.target.baseUrl,
      describe: `the real host ${settings.target.baseUrl}`,
      pactFiles: [file],
      skipped,
      options: { stateHandlers: realHostStateHandlers(settings, settings.target.baseUrl, req.allowWrites ?? false), requestFilter: filterFor(settings) },
      // The filtered copy of the pact lives in a temp folder of its own: gone with the target (every
      // real-host verification used to leave one behind).
      close: async () => rmSync(dirname(file), { recursive: true, force: true }),
    };
  }

  // Loaded only here: the contracts command's own process (which checks a --provider-url with
  // assertSandboxAnswers) and a verifier child for a URL or a real host start no sandbox, and loading
  // one cost them ~0.1 s of CPU.
  const { startSandbox } = await import('../sandbox/index.ts');
  const sandbox = await startSandbox({
    settings: { ...req.sandbox, credentials: settings.credentials, updatePath: settings.updatePath, statusPath: settings.statusPath },
  });
  return {
    kind: 'embedded-sandbox',
    providerBaseUrl: sandbox.url,
    describe: `the embedded sandbox at ${sandbox.url}`,
    pactFiles: [pactFile],
    skipped: [],
    options: { stateHandlers: sandboxStateHandlers(sandbox.url), requestFilter: filterFor(settings) },
    close: () => sandbox.stop(),
  };
}
