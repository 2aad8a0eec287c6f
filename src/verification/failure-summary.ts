// The verifier fails with one long JSON document. This turns it into a line per broken interaction
// ("<interaction>: <what differed>") that QA can read in a terminal or a JUnit report.
import { mismatchLines, verifierDocument, type VerifierMismatch } from './verifier-json.ts';

interface VerifierError {
  interaction?: string;
  mismatch?: VerifierMismatch;
}

export interface BrokenInteraction {
  interaction: string;
  problems: string[];
}

export function brokenInteractions(message: string): BrokenInteraction[] | null {
  const report = verifierDocument<{ errors: VerifierError[] }>(message);
  if (!Array.isArray(report?.errors)) return null;
  return report.errors.map((e) => ({
    interaction: (e.interaction ?? '(unnamed interaction)').replace(/^Verifying a pact between .+? and .+? /, ''),
    problems: mismatchLines(e.mismatch),
  }));
}

export function summarize(message: string): string {
  const broken = brokenInteractions(message);
  if (!broken) return message;
  return [
    `${broken.length} interaction(s) broke the contract:`,
    ...broken.flatMap((b) => [`  ✗ ${b.interaction}`, ...b.problems.map((p) => `      ${p}`)]),
  ].join('\n');
}
