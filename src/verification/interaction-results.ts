// The verifier's per-interaction results, from the JSON document it ends with (its `interactionResults`),
// as a small list the contracts command prints, writes to JUnit and reports in --json: each interaction
// passed, failed (with what differed) or was skipped (with why).
import { mismatchLines, verifierDocument, type VerifierMismatch } from './verifier-json.ts';

interface RawResult {
  description?: string;
  providerStates?: string[];
  duration?: string;
  pending?: boolean;
  result?: string;
  mismatch?: VerifierMismatch;
}

export interface InteractionOutcome {
  description: string;
  providerStates: string[];
  result: 'passed' | 'failed' | 'skipped';
  /** How long the verifier took over it; null when it was not verified. */
  durationMs: number | null;
  /** What differed (failed), or why it was not verified (skipped); empty when it passed. */
  problems: string[];
}

function durationMs(text: string | undefined): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(text ?? '');
  if (!m) return null;
  return Math.round(Number(m[1]) * (m[2] === 's' ? 1000 : 1));
}

/** The outcomes in the verifier's JSON, or null when the text is not that document (the verifier crashed). */
export function interactionOutcomes(verifierJson: string): InteractionOutcome[] | null {
  const doc = verifierDocument<{ interactionResults: RawResult[] }>(verifierJson);
  if (!Array.isArray(doc?.interactionResults)) return null;
  return doc.interactionResults.map((r) => {
    const ok = r.result === 'OK';
    // A pending interaction (a broker's work in progress) that fails does not fail the run.
    const result = ok ? 'passed' : r.pending ? 'skipped' : 'failed';
    const problems = ok ? [] : r.pending ? ['pending: its failure does not fail verification', ...mismatchLines(r.mismatch)] : mismatchLines(r.mismatch);
    return {
      description: r.description ?? '(unnamed interaction)',
      providerStates: r.providerStates ?? [],
      result,
      durationMs: durationMs(r.duration),
      problems,
    };
  });
}

/** Interactions left out before the verifier ran (a real host without --allow-writes), as skipped outcomes. */
export function skippedOutcomes(descriptions: string[], why: string): InteractionOutcome[] {
  return descriptions.map((description) => ({ description, providerStates: [], result: 'skipped', durationMs: null, problems: [why] }));
}
