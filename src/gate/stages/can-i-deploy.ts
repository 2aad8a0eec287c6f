// Gate stage: the Pact Broker's can-i-deploy, when a broker is configured; skipped (with the reason)
// when not — no broker server can run on a machine without one. With a broker but without the optional
// pact CLI package, it fails saying which package to install.
import { fileURLToPath } from 'node:url';
import { canIDeploy } from '../../broker/broker-flow.ts';
import { readBrokerSettings } from '../../broker/broker-settings.ts';
import { pactBrokerBin } from '../../broker/pact-broker-cli.ts';
import type { Stage } from '../stage.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const canIDeployStage: Stage = {
  name: 'can-i-deploy',
  title: 'Pact Broker can-i-deploy',
  budget: () => 'nothing',
  async run(ctx) {
    const broker = readBrokerSettings(ctx.env, ROOT);
    if (!broker) return { verdict: 'skipped', reason: 'no Pact Broker configured (PACT_BROKER_BASE_URL is unset)', figures: {} };
    try {
      pactBrokerBin();
    } catch (e) {
      return { verdict: 'failed', reason: (e as Error).message, figures: {} };
    }
    const step = await canIDeploy(broker);
    if (step.status === 'failed') return { verdict: 'failed', reason: step.line, figures: {} };
    if (step.status === 'skipped') return { verdict: 'skipped', reason: step.line, figures: {} };
    return { verdict: 'passed', figures: {} };
  },
};
