// What the CLI itself says it accepts — the flags each command's --help lists and the settings it
// documents — so that the deploy files (the GitHub Action, the example workflow, the Containerfile, the
// Kubernetes manifests) are checked against the CLI and cannot drift from it unnoticed.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SETTINGS_DOC } from '../../../src/config/settings.ts';
import { BROKER_SETTINGS_DOC } from '../../../src/broker/broker-settings.ts';
import { K6_BINARY_SETTINGS } from '../../../src/k6/k6-binary.ts';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = `${ROOT}bin/lsq-harness.js`;

const helpTexts = new Map<string, string>();

/** The text of `lsq-harness <command> --help`, run the way npm's bin runs it (once per command and file). */
export function helpText(command: string): string {
  let text = helpTexts.get(command);
  if (text === undefined) {
    text = execFileSync(process.execPath, [BIN, command, '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    helpTexts.set(command, text);
  }
  return text;
}

/** The long flags of a command, read from the "Options:" lines of its --help. */
export function flagsOf(command: string): Set<string> {
  const flags = new Set<string>();
  for (const line of helpText(command).split('\n')) {
    const m = /^\s{2}(?:-\w, )?(--[a-z0-9][a-z0-9-]*)/.exec(line);
    if (m) flags.add(m[1]!);
  }
  return flags;
}

/** The default of a flag as --help prints it, e.g. "127.0.0.1:9464" for monitor's --listen. */
export function helpDefault(command: string, flag: string): string | undefined {
  const text = helpText(command).replace(/\n\s+/g, ' ');
  return new RegExp(`${flag} <[^>]+>[^(]*\\(default: "([^"]*)"\\)`).exec(text)?.[1];
}

/** Every environment setting the CLI reads: the LSQ_* settings, the broker's and where k6 is. */
export const SETTING_NAMES: ReadonlySet<string> = new Set([...Object.keys(SETTINGS_DOC), ...Object.keys(BROKER_SETTINGS_DOC), ...K6_BINARY_SETTINGS]);

/** The credentials: only ever from a Secret or a secret store. */
export const SECRET_SETTINGS = ['LSQ_ACCESS_KEY', 'LSQ_SECRET_KEY', 'LSQ_API_KEY'] as const;

/** LSQ_* and PACT_BROKER_* names in a text (comments included: a comment naming a setting that does not exist misleads too). */
export function settingNamesIn(text: string): Set<string> {
  return new Set(text.match(/\b(?:LSQ|PACT_BROKER)_[A-Z0-9_]*[A-Z0-9]\b/g) ?? []);
}

/** The long flags in a piece of shell or an argument list. */
export function flagsIn(text: string): Set<string> {
  return new Set(text.match(/(?<![\w-])--[a-z0-9][a-z0-9-]*/g) ?? []);
}
