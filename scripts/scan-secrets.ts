// The secret scan: looks for every configured secret value (test/reliability/secret-values.ts), in
// each form it could take (raw, URL-encoded in either hex case, JSON-escaped, base64), in every
// artefact a full test run leaves: reports/, the pact files, the replay cassettes, .lsq-harness/ and
// any *.log in the checkout.
// A finding names the file, the line and which configured secret it is — never the value itself.
//
//   node scripts/scan-secrets.ts [--root DIR] [PATH…]     exit 0 clean, 1 a secret was found or nothing was scanned
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CONFIGURED_SECRETS, encodedForms, type ConfiguredSecret } from '../test/reliability/secret-values.ts';

/** Where a test run writes artefacts, relative to the checkout. */
export const ARTEFACT_PATHS = ['reports', 'contracts/pacts', 'cassettes', '.lsq-harness'];
/** Folders never scanned for stray *.log files: tools and dependencies, not artefacts of ours. */
const SKIPPED_DIRS = new Set(['node_modules', '.tools', '.git']);

export interface Finding {
  file: string;
  line: number;
  secret: string;
}

export interface ScanResult {
  files: number;
  bytes: number;
  findings: Finding[];
}

function* walk(path: string): Generator<string> {
  if (!existsSync(path)) return;
  const st = statSync(path);
  if (st.isFile()) {
    yield path;
    return;
  }
  if (!st.isDirectory()) return;
  for (const name of readdirSync(path).sort()) yield* walk(join(path, name));
}

/** *.log files anywhere in the checkout outside the skipped folders. */
function* logFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) yield* logFiles(join(dir, entry.name));
    } else if (entry.isFile() && entry.name.endsWith('.log')) {
      yield join(dir, entry.name);
    }
  }
}

export function artefactFiles(root: string, extra: string[] = []): string[] {
  const files = new Set<string>();
  for (const p of [...ARTEFACT_PATHS.map((a) => join(root, a)), ...extra.map((e) => resolve(e))]) for (const f of walk(p)) files.add(f);
  for (const f of logFiles(root)) files.add(f);
  return [...files];
}

/** The encoded forms, plus each with its percent escapes in lower-case hex (%2f, as other encoders write it). */
function scannedForms(value: string): string[] {
  const forms = encodedForms(value);
  return [...new Set([...forms, ...forms.map((f) => f.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()))])];
}

export function scanFiles(files: string[], secrets: readonly ConfiguredSecret[] = CONFIGURED_SECRETS, root = process.cwd()): ScanResult {
  const needles = secrets.flatMap((s) => scannedForms(s.value).map((form) => ({ form, name: s.name })));
  const result: ScanResult = { files: 0, bytes: 0, findings: [] };
  for (const file of files) {
    const text = readFileSync(file).toString('latin1'); // byte-faithful: the secrets are ASCII
    result.files++;
    result.bytes += text.length;
    for (const { form, name } of needles) {
      for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + form.length)) {
        const line = text.slice(0, at).split('\n').length;
        result.findings.push({ file: relative(root, file), line, secret: name });
      }
    }
  }
  return result;
}

function main(): number {
  const { values, positionals } = parseArgs({ options: { root: { type: 'string', default: process.cwd() } }, allowPositionals: true });
  const root = resolve(values.root!);
  const result = scanFiles(artefactFiles(root, positionals), CONFIGURED_SECRETS, root);
  const mb = (result.bytes / 1024 / 1024).toFixed(1);
  if (result.files === 0) {
    console.error(`secret scan: no artefact found under ${root} (${ARTEFACT_PATHS.join(', ')}): nothing to vouch for`);
    return 1;
  }
  for (const f of result.findings) console.error(`secret scan: ${f.file}:${f.line} holds the configured secret ${f.secret}`);
  console.log(`secret scan: ${CONFIGURED_SECRETS.length} configured secrets, ${result.files} files (${mb} MB): ${result.findings.length} found`);
  return result.findings.length ? 1 : 0;
}

if (import.meta.main) process.exitCode = main();
