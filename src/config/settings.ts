// The harness's settings, read once at start from the environment (and an optional secrets file),
// validated with a message that names the setting. Secrets never come from the command line.
import { readFileSync } from 'node:fs';
import { DEFAULT_STATUS_PATH, DEFAULT_UPDATE_PATH, UUID_PATTERN, type ExtraStatusWord } from '../contract/index.ts';
import type { Credentials } from '../client/client.ts';
import { registerSecret } from '../client/redact.ts';
import { SANDBOX_DEFAULT_CREDENTIALS } from '../sandbox/settings.ts';
import type { RateLimitSettings, WindowKind } from '../timing/rate-limiter.ts';
import { ConfigError } from './errors.ts';
import { parseExtraStatusWords } from './extra-status-words.ts';
import { parseHostUrl } from './host-url.ts';

export { parseHostUrl } from './host-url.ts';

export type Target = { kind: 'sandbox' } | { kind: 'remote'; baseUrl: string };

export interface HarnessSettings {
  target: Target;
  credentials: Credentials;
  credentialsIn: 'query' | 'header';
  updatePath: string;
  statusPath: string;
  timeoutMs: number;
  rateLimit: RateLimitSettings;
  canaryOpportunityId: string | null;
  /** Status words beyond the documented four that the user declared legitimate, with their states. */
  extraStatusWords: readonly ExtraStatusWord[];
}

/** Every environment setting, with its meaning and default: the README's settings table is this list. */
export const SETTINGS_DOC = {
  LSQ_ASYNC_HOST: 'Base URL of the real async host (e.g. https://asyncapi-in21.leadsquared.com). Unset: the embedded sandbox.',
  LSQ_ACCESS_KEY: `accessKey (secret). Required with a real host; sandbox default ${SANDBOX_DEFAULT_CREDENTIALS.accessKey}.`,
  LSQ_SECRET_KEY: `secretKey (secret). Required with a real host; sandbox default ${SANDBOX_DEFAULT_CREDENTIALS.secretKey}.`,
  LSQ_API_KEY: `x-api-key (secret). Required with a real host; sandbox default ${SANDBOX_DEFAULT_CREDENTIALS.apiKey}.`,
  LSQ_SECRETS_FILE: 'A file of KEY=VALUE lines for the three secrets (instead of the environment).',
  LSQ_CREDENTIALS_IN: 'query (default, as the async page shows) or header (x-LSQ-AccessKey / x-LSQ-SecretKey).',
  LSQ_UPDATE_PATH: `Update path, default ${DEFAULT_UPDATE_PATH}.`,
  LSQ_STATUS_PATH: `Status path, default ${DEFAULT_STATUS_PATH} (a guess: the seed page lost its URL).`,
  LSQ_TIMEOUT_MS: 'Per-call timeout in ms, default 10000.',
  LSQ_RATE_LIMIT: 'Client-side budget: calls per window, default 25 (plans: 25, 15, 5, 2); 0 turns it off.',
  LSQ_RATE_WINDOW_SECONDS: 'Window of that budget in seconds, default 5.',
  LSQ_RATE_WINDOW_KIND: 'sliding (default) or fixed.',
  LSQ_CANARY_OPPORTUNITY_ID: 'Opportunity the monitor updates. Required with a real host; the sandbox uses a fixed id.',
  LSQ_EXTRA_STATUS_WORDS:
    'Status words beyond In-Queue/Success/FAILURE/ERROR to accept without a contract violation, as WORD:STATE pairs (states: queued, processing, succeeded, failed, errored), e.g. Retrying:queued,Completed:succeeded. Unset: every other word is reported as status.status.undocumented-word.',
} as const;
export type SettingName = keyof typeof SETTINGS_DOC;

export const SANDBOX_CANARY_OPPORTUNITY_ID = '6a22455b-213e-4450-a960-3deef72b5eec';

type Env = Record<string, string | undefined>;

export function readSecretsFile(path: string): Env {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError('LSQ_SECRETS_FILE', `cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const out: Env = {};
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Z0-9_]+)\s*=\s*(.*)$/.exec(trimmed);
    if (!m) throw new ConfigError('LSQ_SECRETS_FILE', `line ${i + 1} is not KEY=VALUE`);
    out[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  });
  return out;
}

function int(env: Env, name: SettingName, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be from ${min} to ${max}, got ${n}`);
  return n;
}

function oneOf<T extends string>(env: Env, name: SettingName, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!values.includes(raw as T)) throw new ConfigError(name, `must be one of ${values.join(', ')}, got ${JSON.stringify(raw)}`);
  return raw as T;
}

function path(env: Env, name: SettingName, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\/[^\s?#]*$/.test(raw)) throw new ConfigError(name, `must be a path starting with / (no query), got ${JSON.stringify(raw)}`);
  return raw;
}

export interface LoadOptions {
  /** --host from the command line; wins over LSQ_ASYNC_HOST. */
  host?: string | undefined;
}

export function loadSettings(env: Env = process.env, options: LoadOptions = {}): HarnessSettings {
  const fileEnv = env.LSQ_SECRETS_FILE ? readSecretsFile(env.LSQ_SECRETS_FILE) : {};
  const merged: Env = { ...fileEnv, ...env };
  const hostRaw = options.host ?? merged.LSQ_ASYNC_HOST;
  const target: Target = hostRaw ? { kind: 'remote', baseUrl: parseHostUrl(hostRaw, options.host ? '--host' : 'LSQ_ASYNC_HOST') } : { kind: 'sandbox' };

  const secret = (name: 'LSQ_ACCESS_KEY' | 'LSQ_SECRET_KEY' | 'LSQ_API_KEY', fallback: string): string => {
    const v = merged[name];
    if (v !== undefined && v !== '') {
      if (/\s/.test(v)) throw new ConfigError(name, 'must not contain white space');
      registerSecret(v);
      return v;
    }
    if (target.kind === 'remote') throw new ConfigError(name, 'is required when a real host is set (LSQ_ASYNC_HOST or --host)');
    return fallback;
  };
  const credentials: Credentials = {
    accessKey: secret('LSQ_ACCESS_KEY', SANDBOX_DEFAULT_CREDENTIALS.accessKey),
    secretKey: secret('LSQ_SECRET_KEY', SANDBOX_DEFAULT_CREDENTIALS.secretKey),
    apiKey: secret('LSQ_API_KEY', SANDBOX_DEFAULT_CREDENTIALS.apiKey),
  };

  // Empty means unset, as for every other setting (CI systems pass an unset secret as an empty string).
  const canaryRaw = merged.LSQ_CANARY_OPPORTUNITY_ID || undefined;
  if (canaryRaw && !UUID_PATTERN.test(canaryRaw))
    throw new ConfigError('LSQ_CANARY_OPPORTUNITY_ID', `must be an opportunity id (uuid), got ${JSON.stringify(canaryRaw)}`);

  return {
    target,
    credentials,
    credentialsIn: oneOf(merged, 'LSQ_CREDENTIALS_IN', ['query', 'header'] as const, 'query'),
    updatePath: path(merged, 'LSQ_UPDATE_PATH', DEFAULT_UPDATE_PATH),
    statusPath: path(merged, 'LSQ_STATUS_PATH', DEFAULT_STATUS_PATH),
    timeoutMs: int(merged, 'LSQ_TIMEOUT_MS', 10_000, 50, 600_000),
    rateLimit: {
      limit: int(merged, 'LSQ_RATE_LIMIT', 25, 0, 100_000),
      windowMs: int(merged, 'LSQ_RATE_WINDOW_SECONDS', 5, 1, 3600) * 1000,
      kind: oneOf<WindowKind>(merged, 'LSQ_RATE_WINDOW_KIND', ['sliding', 'fixed'], 'sliding'),
    },
    canaryOpportunityId: canaryRaw ?? (target.kind === 'sandbox' ? SANDBOX_CANARY_OPPORTUNITY_ID : null),
    extraStatusWords: parseExtraStatusWords(merged.LSQ_EXTRA_STATUS_WORDS),
  };
}
