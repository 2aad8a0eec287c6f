// Resolves the settings' target into a running base URL: the real host, or an embedded sandbox
// started in-process on a free loopback port (and stopped when the command ends).
import { LsqClient, type ClientOptions } from '../client/client.ts';
import type { Sandbox, SandboxSettingsPatch } from '../sandbox/index.ts';
import type { HarnessSettings } from './settings.ts';

export interface ResolvedTarget {
  baseUrl: string;
  sandbox: Sandbox | null;
  describe: string;
  close(): Promise<void>;
}

export async function resolveTarget(settings: HarnessSettings, sandboxSettings: SandboxSettingsPatch = {}): Promise<ResolvedTarget> {
  if (settings.target.kind === 'remote') {
    const baseUrl = settings.target.baseUrl;
    return { baseUrl, sandbox: null, describe: baseUrl, close: async () => {} };
  }
  // Imported here, not above: a monitor of a real host never loads the sandbox.
  const { startSandbox } = await import('../sandbox/index.ts');
  const sandbox = await startSandbox({
    settings: { ...sandboxSettings, credentials: settings.credentials, statusPath: settings.statusPath, updatePath: settings.updatePath },
  });
  return { baseUrl: sandbox.url, sandbox, describe: `embedded sandbox at ${sandbox.url}`, close: () => sandbox.stop() };
}

export function clientFor(settings: HarnessSettings, baseUrl: string, extra: Partial<ClientOptions> = {}): LsqClient {
  return new LsqClient({
    baseUrl,
    credentials: settings.credentials,
    credentialsIn: settings.credentialsIn,
    updatePath: settings.updatePath,
    statusPath: settings.statusPath,
    timeoutMs: settings.timeoutMs,
    rateLimit: settings.rateLimit,
    extraStatusWords: settings.extraStatusWords,
    ...extra,
  });
}
