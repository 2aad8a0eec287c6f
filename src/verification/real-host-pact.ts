// Against a real LeadSquared host there is no admin endpoint to set provider states, and verification
// must not change anything there unless asked. This keeps only the interactions a real host can serve:
// those whose states need no set-up, and — unless writes are allowed — that write nothing: GETs, and
// updates sent with the invalid example credentials (refused before anything is written). With writes
// allowed, also those whose state ordinary calls can bring about (a real update waited for to Success).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { INVALID_EXAMPLE_CREDENTIALS } from '../pact/example-credentials.ts';
import { NO_SETUP_STATES, REAL_HOST_WRITE_STATES } from './state-handlers.ts';

export interface PactInteraction {
  description: string;
  providerStates?: Array<{ name: string }>;
  request: { method: string; query?: Record<string, string[]> };
}

export function needsNoSetup(i: PactInteraction): boolean {
  return (i.providerStates ?? []).every((s) => (NO_SETUP_STATES as readonly string[]).includes(s.name));
}

export function writesNothing(i: PactInteraction): boolean {
  return i.request.method.toUpperCase() === 'GET' || i.request.query?.accessKey?.[0] === INVALID_EXAMPLE_CREDENTIALS.accessKey;
}

/** The interaction's states can be brought about on a real host by calls that write. */
export function setUpByWriting(i: PactInteraction): boolean {
  const states = i.providerStates ?? [];
  return (
    states.length > 0 &&
    states.every((s) => (REAL_HOST_WRITE_STATES as readonly string[]).includes(s.name) || (NO_SETUP_STATES as readonly string[]).includes(s.name))
  );
}

export function verifiableOnRealHost(i: PactInteraction, allowWrites: boolean): boolean {
  if (allowWrites) return needsNoSetup(i) || setUpByWriting(i);
  return needsNoSetup(i) && writesNothing(i);
}

/** Writes a copy of the pact holding only what a real host can verify; returns its path and what was kept. */
export function realHostPact(pactFile: string, allowWrites: boolean): { file: string; kept: string[]; skipped: string[] } {
  const pact = JSON.parse(readFileSync(pactFile, 'utf8')) as { interactions: PactInteraction[] };
  const keep = (i: PactInteraction) => verifiableOnRealHost(i, allowWrites);
  const file = join(mkdtempSync(join(tmpdir(), 'lsq-real-host-pact-')), basename(pactFile));
  writeFileSync(file, JSON.stringify({ ...pact, interactions: pact.interactions.filter(keep) }, null, 2));
  return {
    file,
    kept: pact.interactions.filter(keep).map((i) => i.description),
    skipped: pact.interactions.filter((i) => !keep(i)).map((i) => i.description),
  };
}
