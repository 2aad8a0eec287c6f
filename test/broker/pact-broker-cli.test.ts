// The pact-broker CLI (@pact-foundation/pact-cli) is an optional peer dependency: found when a broker
// step runs, and when it is missing, a bad setting (exit 2) that names the package and how to install
// it — never a crash when the module loads.
import { expect, test } from 'vitest';
import { ConfigError } from '../../src/config/errors.ts';
import { pactBrokerBin } from '../../src/broker/pact-broker-cli.ts';
import { runCli } from '../verification/run-cli.ts';

const missing = (specifier: string): never => {
  throw Object.assign(new Error(`Cannot find module '${specifier}'`), { code: 'MODULE_NOT_FOUND' });
};

test('a missing pact CLI is a bad setting naming the package and how to install it', () => {
  expect(() => pactBrokerBin(missing)).toThrow(ConfigError);
  expect(() => pactBrokerBin(missing)).toThrow(/@pact-foundation\/pact-cli.*npm install --save-dev @pact-foundation\/pact-cli/);
});

test('an installed pact CLI is found by its pact-broker entry', () => {
  expect(pactBrokerBin()).toMatch(/@pact-foundation\/pact-cli\/bin\/pact-broker\.js$/);
});

test('contracts with a broker configured and the pact CLI not installed exits 2 naming the package, before verifying', async () => {
  const env = { PACT_BROKER_BASE_URL: 'http://127.0.0.1:9', GIT_COMMIT: '0123abcd', GIT_BRANCH: 'main' };
  const r = await runCli(['contracts'], { env, hide: ['@pact-foundation/pact-cli'] });
  expect(r.code, r.stdout + r.stderr).toBe(2);
  expect(r.stderr).toMatch(/PACT_BROKER_BASE_URL: is set, but the broker flow needs the optional package @pact-foundation\/pact-cli/);
  expect(r.stderr).toContain('npm install --save-dev @pact-foundation/pact-cli');
  expect(r.stdout).not.toContain('Verifying a pact');
});
