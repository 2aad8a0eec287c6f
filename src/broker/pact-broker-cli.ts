// Runs the pact-broker command of @pact-foundation/pact-cli (a native binary). Asynchronous on purpose:
// a synchronous spawn would block the event loop that a loopback broker stand-in in the same process
// answers on. Credentials go through the environment, never the argument list; output is redacted.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { redact } from '../client/redact.ts';
import type { BrokerSettings } from './broker-settings.ts';

const PACT_BROKER_BIN = createRequire(import.meta.url).resolve('@pact-foundation/pact-cli/bin/pact-broker.js');

export interface CliResult {
  ok: boolean;
  output: string;
}

export function runPactBroker(args: string[], broker: BrokerSettings, timeoutMs = 60_000): Promise<CliResult> {
  const env: Record<string, string | undefined> = { ...process.env, PACT_BROKER_BASE_URL: broker.url, SCARF_ANALYTICS: 'false' };
  delete env.PACT_BROKER_TOKEN;
  delete env.PACT_BROKER_USERNAME;
  delete env.PACT_BROKER_PASSWORD;
  if (broker.token) env.PACT_BROKER_TOKEN = broker.token;
  if (broker.username) env.PACT_BROKER_USERNAME = broker.username;
  if (broker.password) env.PACT_BROKER_PASSWORD = broker.password;
  return new Promise((resolve) => {
    execFile(process.execPath, [PACT_BROKER_BIN, ...args], { env, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ ok: !error, output: redact(`${stdout}${stderr}`.trim()) });
    });
  });
}
