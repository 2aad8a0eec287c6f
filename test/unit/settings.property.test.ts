// Property: whatever strings the environment holds, loadSettings either returns sane settings or
// throws a ConfigError that names one setting (the CLI turns it into exit 2). Never another crash,
// never a state that is not a TaskState, never plain http to a host that is not loopback.
// Deterministic (fixed seed) and quick (a few hundred runs); a failure prints the seed and the case.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { clearSecrets } from '../../src/client/redact.ts';
import { ConfigError } from '../../src/config/errors.ts';
import { SETTINGS_DOC, loadSettings, type HarnessSettings } from '../../src/config/settings.ts';
import { TASK_STATES } from '../../src/contract/index.ts';

const SEED = 20261101;
const RUNS = 300;
const NAMES = Object.keys(SETTINGS_DOC).filter((n) => n !== 'LSQ_SECRETS_FILE');
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

// Arbitrary text, plus values near the edges of what each setting accepts: the shrinker then finds
// small cases, and the runs reach past the first check of each parser.
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '0', '-1', '25', '1e3', '5000', 'query', 'header', 'fixed', 'sliding', '/x', '/opportunity/update', ...PROTOTYPE_NAMES),
  fc.constantFrom(
    'https://asyncapi.example',
    'http://127.0.0.1:1',
    'http://127.1',
    'http://127.attacker.example',
    'http://127.0.0.1.nip.io',
    'http://[::1]:9',
    'http://localhost:1',
    'ftp://x',
    'http://0x7f.0.0.1',
  ),
  fc.constantFrom('6a22455b-213e-4450-a960-3deef72b5eec', 'key-value-1234'),
);
const statePart = fc.oneof(fc.constantFrom(...TASK_STATES, 'Queued', 'waiting', ...PROTOTYPE_NAMES), fc.string({ maxLength: 8 }));
const wordPart = fc.oneof(fc.constantFrom('Retrying', 'Completed', 'Success', 'in-queue', '', ' ', ...PROTOTYPE_NAMES), fc.string({ maxLength: 8 }));
const extraWords = fc.oneof(
  text,
  fc.array(fc.tuple(wordPart, statePart), { maxLength: 4 }).map((pairs) => pairs.map(([w, s]) => `${w}:${s}`).join(',')),
);

// Mostly plausible values, so that many runs get past every check and reach the settings' values;
// the rest arbitrary, so that every parser also meets what it never expected.
const HOSTS = ['https://asyncapi.example', 'http://127.0.0.1:1', 'http://127.1', 'http://[::1]:9', 'http://localhost:1', 'http://0x7f.0.0.1'];
const HOSTILE = ['http://127.attacker.example', 'http://127.0.0.1.nip.io', 'http://localhost.', 'http://foo.localhost', 'http://10.0.0.1', 'ftp://x'];
const PLAUSIBLE: Record<string, fc.Arbitrary<string>> = {
  LSQ_ASYNC_HOST: fc.constantFrom(...HOSTS, ...HOSTILE),
  LSQ_ACCESS_KEY: fc.constantFrom('access-key-1234'),
  LSQ_SECRET_KEY: fc.constantFrom('secret-key-1234'),
  LSQ_API_KEY: fc.constantFrom('api-key-1234'),
  LSQ_CREDENTIALS_IN: fc.constantFrom('query', 'header'),
  LSQ_UPDATE_PATH: fc.constantFrom('/opportunity/update', '/u'),
  LSQ_STATUS_PATH: fc.constantFrom('/opportunity/update/status', '/s'),
  LSQ_TIMEOUT_MS: fc.integer({ min: 0, max: 700_000 }).map(String),
  LSQ_RATE_LIMIT: fc.integer({ min: 0, max: 100 }).map(String),
  LSQ_RATE_WINDOW_SECONDS: fc.integer({ min: 0, max: 4000 }).map(String),
  LSQ_RATE_WINDOW_KIND: fc.constantFrom('sliding', 'fixed'),
  LSQ_CANARY_OPPORTUNITY_ID: fc.uuid(),
  LSQ_EXTRA_STATUS_WORDS: extraWords,
};
const env = fc.record(
  Object.fromEntries(NAMES.map((name) => [name, fc.oneof({ weight: 6, arbitrary: PLAUSIBLE[name] ?? text }, { weight: 1, arbitrary: text })])) as Record<
    string,
    fc.Arbitrary<string>
  >,
  { requiredKeys: [] },
);

const dir = mkdtempSync(join(tmpdir(), 'lsq-settings-property-'));
let files = 0;
afterAll(() => clearSecrets());

/** Runs loadSettings; returns the settings, or the ConfigError after checking what it says. */
function load(e: Record<string, string | undefined>, host?: string): HarnessSettings | ConfigError {
  try {
    return loadSettings(e, host === undefined ? {} : { host });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error;
  }
}

function checkOutcome(outcome: HarnessSettings | ConfigError, allowed: readonly string[]): void {
  if (outcome instanceof ConfigError) {
    expect(allowed).toContain(outcome.setting);
    expect(outcome.message.startsWith(`bad setting ${outcome.setting}: `)).toBe(true);
    return;
  }
  for (const w of outcome.extraStatusWords) {
    expect(TASK_STATES).toContain(w.state);
    expect(w.word.trim()).not.toBe('');
  }
  expect(Number.isInteger(outcome.timeoutMs)).toBe(true);
  expect(['query', 'header']).toContain(outcome.credentialsIn);
  if (outcome.target.kind === 'remote') {
    const url = new URL(outcome.target.baseUrl);
    expect(['https:', 'http:']).toContain(url.protocol);
    // An oracle of its own, not the rule under test: localhost, [::1] or a 127.x.x.x literal.
    if (url.protocol === 'http:') expect(url.hostname).toMatch(/^(localhost|\[::1\]|127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/);
  }
}

test('any LSQ_* values: sane settings or a ConfigError naming one setting', () => {
  fc.assert(
    fc.property(env, (e) => checkOutcome(load(e), NAMES)),
    { seed: SEED, numRuns: RUNS },
  );
});

test('any --host: sane settings or a ConfigError naming --host or a setting', () => {
  fc.assert(
    fc.property(env, text, (e, host) => checkOutcome(load(e, host), [...NAMES, '--host'])),
    { seed: SEED, numRuns: RUNS },
  );
});

test('any secrets file content: sane settings or a ConfigError naming the file or a secret', () => {
  const content = fc.array(
    fc.oneof(
      fc.string(),
      fc.tuple(fc.constantFrom('LSQ_ACCESS_KEY', 'LSQ_SECRET_KEY', 'LSQ_API_KEY', 'export LSQ_API_KEY', '#'), text).map(([k, v]) => `${k}=${v}`),
    ),
    { maxLength: 5 },
  );
  fc.assert(
    fc.property(content, fc.constantFrom('\n', '\r\n'), (lines, eol) => {
      const file = join(dir, `secrets-${files++}.env`);
      writeFileSync(file, lines.join(eol));
      checkOutcome(load({ LSQ_SECRETS_FILE: file }), ['LSQ_SECRETS_FILE', 'LSQ_ACCESS_KEY', 'LSQ_SECRET_KEY', 'LSQ_API_KEY']);
    }),
    { seed: SEED, numRuns: 100 },
  );
});
