// The gate's one target: an embedded sandbox by default, or --host. A host that answers the sandbox's
// admin endpoint is a sandbox (full contract verification with provider states); anything else is a
// real host (read-only contract verification).
import type { HarnessSettings } from '../config/settings.ts';
import { resolveTarget } from '../config/target.ts';
import type { GateTarget } from './stage.ts';

export interface OpenTarget extends GateTarget {
  close(): Promise<void>;
}

export async function openGateTarget(settings: HarnessSettings): Promise<OpenTarget> {
  const t = await resolveTarget(settings);
  if (t.sandbox) return { url: t.baseUrl, isSandbox: true, embedded: true, describe: t.describe, close: t.close };
  const isSandbox = await answersAsSandbox(t.baseUrl);
  return { url: t.baseUrl, isSandbox, embedded: false, describe: isSandbox ? `sandbox at ${t.baseUrl}` : t.baseUrl, close: t.close };
}

async function answersAsSandbox(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/__sandbox/health`, { signal: AbortSignal.timeout(3000) });
    return res.ok && (await res.json())?.ok === true;
  } catch {
    return false;
  }
}

/** The environment the stages' child processes get: the target's credentials, no host of their own. */
export function childEnv(settings: HarnessSettings): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LSQ_ACCESS_KEY: settings.credentials.accessKey,
    LSQ_SECRET_KEY: settings.credentials.secretKey,
    LSQ_API_KEY: settings.credentials.apiKey,
    SCARF_ANALYTICS: 'false',
  };
  delete env.LSQ_ASYNC_HOST;
  if (settings.canaryOpportunityId) env.LSQ_CANARY_OPPORTUNITY_ID = settings.canaryOpportunityId;
  return env;
}
