// The pacts on disk after the consumer run (the ones CI compares with the committed files) hold
// neither the keys configured in this environment nor the sandbox's default keys. It runs here, after
// the consumer project, because the consumer tests delete and rewrite these files while they run.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadSettings } from '../../src/config/settings.ts';
import { SANDBOX_DEFAULT_CREDENTIALS } from '../../src/sandbox/index.ts';
import { PACT_DIR } from '../../src/pact/pact-names.ts';

const variants = (value: string) => [value, encodeURIComponent(value)];

test('the committed pacts hold neither the configured keys nor the sandbox defaults', () => {
  const configured = loadSettings(process.env).credentials;
  const secrets = [...Object.values(configured), ...Object.values(SANDBOX_DEFAULT_CREDENTIALS)].flatMap(variants);
  const pacts = readdirSync(PACT_DIR).filter((f) => f.endsWith('.json'));
  expect(pacts.length).toBeGreaterThan(0);
  for (const file of pacts) {
    const text = readFileSync(join(PACT_DIR, file), 'utf8');
    for (const secret of secrets) expect(text, `${file} holds a configured credential`).not.toContain(secret);
  }
});
