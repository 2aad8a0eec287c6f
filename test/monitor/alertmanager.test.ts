// The example Alertmanager config (monitors/alertmanager/alertmanager.yml): amtool finds it valid, a
// page and a ticket of the generated SLO alerts reach the receivers they are for, and every alert it
// inhibits exists in the rules (so an inhibition cannot silently name nothing).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { requireBinary } from '../support/monitor.ts';

const CONFIG = fileURLToPath(new URL('../../monitors/alertmanager/alertmanager.yml', import.meta.url));
const RULES = ['alerts.yml', 'slo-rules.yml'].map((f) => readFileSync(new URL(`../../monitors/prometheus/${f}`, import.meta.url), 'utf8')).join('\n');

function amtool(args: string[]) {
  const r = spawnSync(requireBinary('amtool'), args, { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

test('amtool check-config finds the example config clean', () => {
  const r = amtool(['check-config', CONFIG]);
  expect(r.output).toMatch(/SUCCESS/);
  expect(r.code, r.output).toBe(0);
});

test.each([
  ['severity=page', 'alertname=LsqAvailabilityBudgetBurn', 'pages'],
  ['severity=ticket', 'alertname=LsqAvailabilityBudgetBurn', 'tickets'],
  ['severity=page', 'alertname=LsqCanaryMonitorDown', 'pages'],
  ['severity=ticket', 'alertname=LsqRateLimited', 'tickets'],
])('an alert with %s %s goes to %s', (severity, alertname, receiver) => {
  const r = amtool(['config', 'routes', 'test', `--config.file=${CONFIG}`, severity, alertname, 'job=lsq-canary', 'instance=m']);
  expect(r.code, r.output).toBe(0);
  expect(r.output.split('\n')[0]).toBe(receiver); // (amtool may add a warning line about its own config file)
});

test('every alert the config names exists in the rules', () => {
  const named = [...readFileSync(CONFIG, 'utf8').matchAll(/Lsq[A-Z]\w+/g)].map((m) => m[0]);
  expect(named.length).toBeGreaterThan(3);
  for (const name of new Set(named)) expect(RULES, name).toMatch(new RegExp(`alert: "?${name}"?\\n`));
});
