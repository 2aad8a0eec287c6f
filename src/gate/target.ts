// The gate's one target: an embedded sandbox by default, or --host. A host that answers the sandbox's
// admin endpoint is a sandbox (full contract verification with provider states); anything else is a
// real host (read-only contract verification). Only loopback hosts are probed (sandbox-probe.ts).
import type { HarnessSettings } from '../config/settings.ts';
import { answersAsSandbox, isLoopbackUrl } from '../config/sandbox-probe.ts';
import { resolveTarget } from '../config/target.ts';
import type { GateTarget } from './stage.ts';

export interface OpenTarget extends GateTarget {
  /** The probe was sent to a host that turned out not to be a sandbox: one call of its budget. */
  probeSpentBudget: boolean;
  close(): Promise<void>;
}

export async function openGateTarget(settings: HarnessSettings): Promise<OpenTarget> {
  const t = await resolveTarget(settings);
  if (t.sandbox) return { url: t.baseUrl, isSandbox: true, embedded: true, describe: t.describe, probeSpentBudget: false, close: t.close };
  const isSandbox = await answersAsSandbox(t.baseUrl);
  return {
    url: t.baseUrl,
    isSandbox,
    embedded: false,
    describe: isSandbox ? `sandbox at ${t.baseUrl}` : t.baseUrl,
    probeSpentBudget: !isSandbox && isLoopbackUrl(t.baseUrl),
    close: t.close,
  };
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
