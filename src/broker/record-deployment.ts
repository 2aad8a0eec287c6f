// After a green gate, tell the broker where this version now runs: `record-deployment` (a service that
// replaces the previous version in an environment) or `record-release` (one of several versions in use
// at once, e.g. a package). can-i-deploy and the `deployedOrReleased` selector read these records: a
// pipeline that never records them checks against an empty environment. Off unless asked for.
import { ConfigError } from '../config/errors.ts';
import { CONSUMER } from '../pact/pact-names.ts';
import type { StepResult } from './broker-flow.ts';
import { environmentName } from './broker-options.ts';
import type { BrokerSettings } from './broker-settings.ts';
import { runPactBroker } from './pact-broker-cli.ts';

export interface RecordRequest {
  deployment: string | undefined;
  release: string | undefined;
}

/**
 * What the gate records after it passes. The flags win over the settings; each value is an environment
 * name. A record needs a broker, and the can-i-deploy stage in the run: a version is recorded only
 * after the broker said yes. Either missing is a bad setting (exit 2) naming the flag or setting.
 */
export function recordRequest(
  flags: { recordDeployment?: string; recordRelease?: string },
  broker: BrokerSettings | null,
  stages: readonly string[],
): RecordRequest {
  const request: RecordRequest = {
    deployment: flags.recordDeployment !== undefined ? environmentName('--record-deployment', flags.recordDeployment) : broker?.recordDeployment,
    release: flags.recordRelease !== undefined ? environmentName('--record-release', flags.recordRelease) : broker?.recordRelease,
  };
  const named = (kind: 'deployment' | 'release') =>
    (kind === 'deployment' ? flags.recordDeployment : flags.recordRelease) !== undefined ? `--record-${kind}` : `PACT_BROKER_RECORD_${kind.toUpperCase()}`;
  for (const kind of ['deployment', 'release'] as const) {
    if (!request[kind]) continue;
    if (!broker) throw new ConfigError(named(kind), 'needs a broker: set PACT_BROKER_BASE_URL');
    if (!stages.includes('can-i-deploy')) {
      throw new ConfigError(named(kind), 'needs the can-i-deploy stage in --stages (a version is recorded only after the broker said yes)');
    }
  }
  return request;
}

async function record(kind: 'deployment' | 'release', broker: BrokerSettings, environment: string, pacticipant: string): Promise<StepResult> {
  const step = kind === 'deployment' ? 'record deployment' : 'record release';
  const r = await runPactBroker([`record-${kind}`, '--pacticipant', pacticipant, '--version', broker.commit, '--environment', environment], broker);
  return {
    step,
    status: r.ok ? 'ok' : 'failed',
    line: `broker: ${step} of ${pacticipant} ${broker.commit} to ${environment}: ${r.ok ? 'done' : 'FAILED'}`,
    output: r.output,
  };
}

/** Records what was asked for, deployment first; an empty list when nothing was. */
export async function recordVersion(broker: BrokerSettings, request: RecordRequest, pacticipant: string = CONSUMER): Promise<StepResult[]> {
  const steps: StepResult[] = [];
  if (request.deployment) steps.push(await record('deployment', broker, request.deployment, pacticipant));
  if (request.release) steps.push(await record('release', broker, request.release, pacticipant));
  return steps;
}
