// The verifier fails with one long JSON document. This turns it into a line per broken interaction
// ("<interaction>: <what differed>") that QA can read in a terminal or a JUnit report.
interface Mismatch {
  mismatch?: string;
  path?: string;
  type?: string;
}
interface VerifierError {
  interaction?: string;
  mismatch?: { mismatches?: Mismatch[]; message?: string };
}

export interface BrokenInteraction {
  interaction: string;
  problems: string[];
}

export function brokenInteractions(message: string): BrokenInteraction[] | null {
  let report: { errors?: VerifierError[] };
  try {
    report = JSON.parse(message.slice(message.indexOf('{')));
  } catch {
    return null;
  }
  if (!Array.isArray(report.errors)) return null;
  return report.errors.map((e) => ({
    interaction: (e.interaction ?? '(unnamed interaction)').replace(/^Verifying a pact between .+? and .+? /, ''),
    problems: e.mismatch?.mismatches?.map((m) => `${m.path ? `${m.path}: ` : ''}${m.mismatch ?? m.type ?? 'mismatch'}`) ?? [e.mismatch?.message ?? 'failed'],
  }));
}

export function summarize(message: string): string {
  const broken = brokenInteractions(message);
  if (!broken) return message;
  return [`${broken.length} interaction(s) broke the contract:`, ...broken.flatMap((b) => [`  ✗ ${b.interaction}`, ...b.problems.map((p) => `      ${p}`)])].join('\n');
}
