// The pact a contracts run verifies: the one that ships with the package (contracts/pacts/, found from
// this module's place: src/ in a checkout, dist/ in the installed package, both one level below the
// package root) or a file given with --pact. Read once at start, so that a missing or malformed file is
// a bad setting (exit 2) naming where it came from, before anything runs.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/errors.ts';
import { PACT_FILE } from '../pact/pact-names.ts';

export interface PactSummary {
  file: string;
  consumer: string;
  provider: string;
  interactions: number;
}

export function readPactSummary(file: string = PACT_FILE, setting = '--pact'): PactSummary {
  let doc: { consumer?: { name?: unknown }; provider?: { name?: unknown }; interactions?: unknown };
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new ConfigError(setting, `cannot read the pact ${file}: ${why}`);
  }
  if (!Array.isArray(doc?.interactions) || typeof doc.consumer?.name !== 'string' || typeof doc.provider?.name !== 'string') {
    throw new ConfigError(setting, `${file} is not a pact file (it needs consumer.name, provider.name and interactions)`);
  }
  return { file, consumer: doc.consumer.name, provider: doc.provider.name, interactions: doc.interactions.length };
}
