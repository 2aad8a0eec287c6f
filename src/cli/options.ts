// The parsers of every command's flag values, in one place, so that a flag is judged by the same rules
// whichever command takes it, and a bad value always ends the same way: exit 2, with a message that
// names the flag. Two ways to fail, on purpose:
// - a value of the wrong shape (a number, a duration, a word, SchemaName=Value) throws commander's
//   InvalidArgumentError; commander prints "option '--x <v>' argument 'raw' is invalid. <message>" and
//   src/cli/main.ts turns every CommanderError that is not --help or --version into exit 2;
// - a URL throws src/config's ConfigError instead: commander would echo the raw argument without
//   redaction, and a URL may carry a password. main.ts prints ConfigError through redact(), exit 2.
// --host is not parsed here: it competes with LSQ_ASYNC_HOST, so loadSettings reads both
// (settings-flags.ts), through parseHostUrl.
// Every command imports this file to build its flags, which is all --help does: it imports nothing
// heavy (no zod, no src/config/settings.ts), or every --help would pay for it (BENCHMARKS.md, P7).
import { InvalidArgumentError, Option } from 'commander';
import { ConfigError } from '../config/errors.ts';
import { parseHostUrl } from '../config/host-url.ts';
import { requireSecureTransport } from '../config/loopback.ts';
import { parsePushgatewayUrl } from '../config/pushgateway.ts';
import type { Field } from '../contract/index.ts';
import type { Profile } from '../k6/runner.ts';
import { parseDuration } from '../monitor/duration.ts';
import type { WindowKind } from '../timing/rate-limiter.ts';

export type Parser<T> = (raw: string) => T;

function refuse(flag: string, problem: string): never {
  throw new InvalidArgumentError(`${flag} ${problem}`);
}

// Numbers as people type them: decimal digits, an optional fraction and exponent. Not Number()'s whole
// grammar: '' (which Number reads as 0), '0x1f', 'Infinity' and white space are mistakes, not numbers.
const WHOLE = /^\d+$/;
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** A whole number in decimal digits, from `min` to `max`. */
export function wholeNumber(flag: string, min: number, max: number): Parser<number> {
  return (raw) => {
    const n = Number(raw);
    if (!WHOLE.test(raw) || n < min || n > max) refuse(flag, `must be a whole number from ${min} to ${max}`);
    return n;
  };
}

/** A number (fractions allowed) from `min` to `max`. */
export function numberBetween(flag: string, min: number, max: number): Parser<number> {
  return (raw) => {
    const n = Number(raw);
    if (!DECIMAL.test(raw) || !Number.isFinite(n) || n < min || n > max) refuse(flag, `must be a number from ${min} to ${max}`);
    return n;
  };
}

/** A number above 0 (fractions allowed) and at most `max`. */
export function positiveNumber(flag: string, max = Number.MAX_SAFE_INTEGER): Parser<number> {
  return (raw) => {
    const n = Number(raw);
    if (!DECIMAL.test(raw) || !Number.isFinite(n) || n <= 0 || n > max) {
      refuse(flag, `must be a number above 0${max < Number.MAX_SAFE_INTEGER ? ` and at most ${max}` : ''}`);
    }
    return n;
  };
}

export interface DurationRange {
  minMs: number;
  maxMs: number;
  /** The range as the help and the error message say it. */
  text: string;
}

// Waits of any length are scheduled correctly (the Clock chains timers past setTimeout's 24.8 days);
// the upper bounds are there to catch a slip of the unit (600d for 600s), not a limit of the timers.
export const DURATION_RANGES = {
  // Shorter than 1 s would spend the budget on submits; a canary less often than monthly watches nothing.
  '--interval': { minMs: 1000, maxMs: 31 * 86_400_000, text: '1s to 31d' },
  // The provider's retries of a system error run ~11 h; a week covers any deadline worth waiting for.
  '--deadline': { minMs: 100, maxMs: 7 * 86_400_000, text: '100ms to 7d' },
  // SIGTERM grace: Kubernetes' terminationGracePeriodSeconds is seconds to minutes; past 1 h is a slip.
  '--grace': { minMs: 0, maxMs: 3_600_000, text: '0s to 1h' },
} as const satisfies Record<string, DurationRange>;

/** A duration in the grammar of src/monitor/duration.ts (30s, 5m, 1h, 2d, 250ms), within the flag's range; in ms. */
export function duration(flag: keyof typeof DURATION_RANGES): Parser<number> {
  const range = DURATION_RANGES[flag];
  return (raw) => {
    const ms = parseDuration(raw);
    if (ms === null || ms < range.minMs || ms > range.maxMs) refuse(flag, `must be a duration from ${range.text} (like 30s, 5m, 1h, 2d)`);
    return ms;
  };
}

/** HOST:PORT to listen on (a name, an IPv4 address or a bracketed IPv6 one; port 0 for a free one). */
export interface ListenAddress {
  host: string;
  port: number;
  /** As given, for messages. */
  raw: string;
}
export function listenAddress(flag: string): Parser<ListenAddress> {
  return (raw) => {
    const m = /^([\w.-]+|\[[0-9a-f:]+\]):(\d{1,5})$/i.exec(raw);
    const port = m ? Number(m[2]) : NaN;
    if (!m || port > 65535) refuse(flag, 'must be HOST:PORT like 127.0.0.1:9464');
    return { host: m[1]!.replace(/^\[|\]$/g, ''), port, raw };
  };
}

// The words of the enumerated flags, each list built from the type it feeds, so that it cannot miss one.
const PROFILE_WORDS: Record<Profile, true> = { smoke: true, full: true };
const WINDOW_KIND_WORDS: Record<WindowKind, true> = { sliding: true, fixed: true };
export const PROFILES = Object.keys(PROFILE_WORDS) as Profile[];
export const WINDOW_KINDS = Object.keys(WINDOW_KIND_WORDS) as WindowKind[];

/** One of `words`. */
export function oneOf<T extends string>(flag: string, words: readonly T[]): Parser<T> {
  return (raw) => {
    if (!(words as readonly string[]).includes(raw)) refuse(flag, `must be one of ${words.join(', ')}`);
    return raw as T;
  };
}

/** An option taking one of `words`: --help lists them as its choices, and anything else is refused naming the flag. */
export function choiceOption<T extends string>(flags: string, description: string, words: readonly T[], fallback: T): Option {
  const option = new Option(flags, description).choices(words);
  // After .choices(), which keeps the words for --help: our parser, whose message names the flag.
  return option.argParser(oneOf(option.long ?? flags, words)).default(fallback);
}

/** A comma-separated list of some of `words` (at least one). */
export function wordList<T extends string>(flag: string, words: readonly T[]): Parser<T[]> {
  return (raw) => {
    const names = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (names.length === 0 || names.some((n) => !(words as readonly string[]).includes(n))) {
      refuse(flag, `must be a comma-separated list of ${words.join(', ')}`);
    }
    return names as T[];
  };
}

/** A repeatable SchemaName=Value flag: each use adds one field. Give `[]` as the option's default. */
export function fieldCollector(flag = '--field'): (raw: string, previous: Field[]) => Field[] {
  return (raw, previous) => {
    const eq = raw.indexOf('=');
    if (eq <= 0) refuse(flag, 'must be SchemaName=Value');
    return [...previous, { SchemaName: raw.slice(0, eq), Value: raw.slice(eq + 1) }];
  };
}

/** A base URL that credentials go to (--provider-url): https, or plain http to loopback only (parseHostUrl). */
export function hostUrl(flag: string): Parser<string> {
  return (raw) => parseHostUrl(raw, flag);
}

// The optional URLs below leave an empty value empty, and the commands read '' as no URL: so
// `--pushgateway "$URL"` with the variable unset pushes nowhere, as it always has.

/** A URL that may carry credentials but is used as given (--prometheus-rw): the same loopback rule. */
export function secureUrl(flag: string): Parser<string> {
  return (raw) => {
    if (raw === '') return raw;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ConfigError(flag, 'must be an https URL (plain http only to a loopback address)');
    }
    requireSecureTransport(url, flag);
    return raw;
  };
}

/** A Pushgateway URL: plain http anywhere unless it carries basic auth (src/config/pushgateway.ts). */
export function pushgatewayUrl(flag: string): Parser<string> {
  return (raw) => (raw === '' ? raw : parsePushgatewayUrl(raw, flag));
}

/**
 * A default written as a user would type it: parsed by the option's own parser (so it is checked like
 * any typed value) and shown in --help as typed, in quotes, as commander shows a string default.
 */
export function typedDefault<T>(option: Option, parse: Parser<T>, raw: string): Option {
  return option.argParser(parse).default(parse(raw), JSON.stringify(raw));
}
