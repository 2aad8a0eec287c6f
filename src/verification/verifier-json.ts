// Reading the JSON document the Pact verifier ends its output with, and how a mismatch in it reads:
// "<path>: <what differed>" per mismatch, or the verifier's own message when it listed none. The failure
// summary and the per-interaction results both read it here, so the terminal, JUnit and --json say the
// same thing about the same mismatch.
interface Mismatch {
  mismatch?: string;
  path?: string;
  type?: string;
}

/** The `mismatch` member of an error or an interaction result in the verifier's JSON. */
export interface VerifierMismatch {
  mismatches?: Mismatch[];
  message?: string;
}

/** One line per mismatch; the verifier's message (or "failed") when it gave no list. */
export function mismatchLines(mismatch: VerifierMismatch | undefined): string[] {
  return mismatch?.mismatches?.map((m) => `${m.path ? `${m.path}: ` : ''}${m.mismatch ?? m.type ?? 'mismatch'}`) ?? [mismatch?.message ?? 'failed'];
}

/** The document from the first "{" of the verifier's output on; null when that is not JSON (the verifier crashed). */
export function verifierDocument<T extends object>(output: string): Partial<T> | null {
  try {
    const doc: unknown = JSON.parse(output.slice(output.indexOf('{')));
    return doc !== null && typeof doc === 'object' ? (doc as Partial<T>) : null;
  } catch {
    return null;
  }
}
