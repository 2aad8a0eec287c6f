// Runs the pact-broker and pactflow commands of @pact-foundation/pact-cli (a native binary). That package is an
// optional peer dependency: only the broker flow needs it, so it is looked up when a broker step runs
// (or when a command with a broker configured checks for it up front), never when this module loads;
// missing, it is a bad setting naming the package and how to install it.
// Asynchronous on purpose: a synchronous spawn would block the event loop that a loopback broker
// stand-in in the same process answers on. Credentials go through the environment, never the
// argument list; output is redacted.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { redact } from '../client/redact.ts';
import { ConfigError } from '../config/errors.ts';
import type { BrokerSettings } from './broker-settings.ts';

export const PACT_CLI_PACKAGE = '@pact-foundation/pact-cli';
export const PACT_CLI_INSTALL = `npm install --save-dev ${PACT_CLI_PACKAGE}`;

/** Resolves a module specifier to a file path, as require.resolve does (injectable for tests). */
export type Resolver = (specifier: string) => string;

const resolveFromHere: Resolver = (specifier) => createRequire(import.meta.url).resolve(specifier);

/** The pact-broker entry script; a ConfigError (exit 2) naming the package when it is not installed. */
export function pactBrokerBin(resolve: Resolver = resolveFromHere): string {
  return pactCliBin('pact-broker', resolve);
}

/** The entry script of one of the package's commands (pact-broker, pactflow). */
export function pactCliBin(tool: 'pact-broker' | 'pactflow', resolve: Resolver = resolveFromHere): string {
  try {
    return resolve(`${PACT_CLI_PACKAGE}/bin/${tool}.js`);
  } catch {
    throw new ConfigError(
      'PACT_BROKER_BASE_URL',
      `is set, but the broker flow needs the optional package ${PACT_CLI_PACKAGE}, which is not installed; install it beside lsq-harness (\`${PACT_CLI_INSTALL}\`) or unset PACT_BROKER_BASE_URL`,
    );
  }
}

export interface CliResult {
  ok: boolean;
  output: string;
}

export function runPactBroker(args: string[], broker: BrokerSettings, timeoutMs = 60_000, bin: string = pactBrokerBin()): Promise<CliResult> {
  return runPactCli(bin, args, broker, timeoutMs);
}

/** `pactflow …`: PactFlow's own commands (publish-provider-contract). */
export function runPactflow(args: string[], broker: BrokerSettings, timeoutMs = 60_000): Promise<CliResult> {
  return runPactCli(pactCliBin('pactflow'), args, broker, timeoutMs);
}

function runPactCli(bin: string, args: string[], broker: BrokerSettings, timeoutMs: number): Promise<CliResult> {
  const env: Record<string, string | undefined> = { ...process.env, PACT_BROKER_BASE_URL: broker.url, SCARF_ANALYTICS: 'false' };
  delete env.PACT_BROKER_TOKEN;
  delete env.PACT_BROKER_USERNAME;
  delete env.PACT_BROKER_PASSWORD;
  if (broker.token) env.PACT_BROKER_TOKEN = broker.token;
  if (broker.username) env.PACT_BROKER_USERNAME = broker.username;
  if (broker.password) env.PACT_BROKER_PASSWORD = broker.password;
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ ok: !error, output: redact(`${stdout}${stderr}`.trim()) });
    });
  });
}
