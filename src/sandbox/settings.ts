// Everything about the sandbox that is a guess about the real API is a setting here (see README,
// "What the sandbox simulates"). Defaults give a normal update that completes in 1–3 s.
import { DEFAULT_STATUS_PATH, DEFAULT_UPDATE_PATH } from '../contract/index.ts';
import type { WindowKind } from '../timing/rate-limiter.ts';

export type LatencyDistribution =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'lognormal'; medianMs: number; sigma: number };

export interface SandboxRateLimit {
  /** Calls per window per x-api-key; 0 turns the limiter off. */
  limit: number;
  windowMs: number;
  kind: WindowKind;
  /** Whether update and status calls draw on one budget (undocumented for the real API). */
  sharedBudget: boolean;
  /** Send Retry-After on 429 (LeadSquared documents none). */
  retryAfterHeader: boolean;
}

export type DriftMode =
  | 'message-object' // Message sent as an object instead of a JSON string
  | 'request-id-renamed' // status body says `requestId` instead of RequestID
  | 'status-word-changed' // status words replaced by undocumented ones
  | 'accepted-without-request-id' // update accepted body without RequestID
  | 'error-envelope-renamed'; // ExceptionType/ExceptionMessage renamed
export const DRIFT_MODES: readonly DriftMode[] = [
  'message-object',
  'request-id-renamed',
  'status-word-changed',
  'accepted-without-request-id',
  'error-envelope-renamed',
];

export interface SandboxCredentials {
  accessKey: string;
  secretKey: string;
  apiKey: string;
}

export interface SandboxSettings {
  host: string;
  port: number;
  seed: number;
  /** Processing times and the retry schedule are divided by this (60 → a 30 s retry takes 0.5 s). */
  timeScale: number;
  credentials: SandboxCredentials;
  updatePath: string;
  statusPath: string;
  rateLimit: SandboxRateLimit;
  /** Largest update body accepted; larger ones get 413 with the error envelope. */
  maxBodyBytes: number;
  /** Updates processed at once; more wait In-Queue for a free slot. */
  capacity: number;
  /** Time from accepted to finished for a normal update (before time scaling). */
  latency: LatencyDistribution;
  /** Share of that time spent In-Queue before processing starts. */
  queueFraction: number;
  /** Tasks kept for status and ground truth; the oldest are forgotten past this. */
  maxTasks: number;
  /**
   * UTF-8 bytes of update bodies kept for RequestBody; past this the oldest final tasks' bodies go
   * first, then the oldest in flight. An evicted task still answers, with a stand-in RequestBody.
   */
  maxKeptBodyBytes: number;
  drift: DriftMode[];
}

/** Credentials the sandbox accepts and the client sends when none are configured (documented in README). */
export const SANDBOX_DEFAULT_CREDENTIALS: SandboxCredentials = {
  accessKey: 'sandbox-access-key',
  secretKey: 'sandbox-secret-key',
  apiKey: 'sandbox-api-key',
};

export function defaultSandboxSettings(): SandboxSettings {
  return {
    host: '127.0.0.1',
    port: 0,
    seed: 42,
    timeScale: 1,
    credentials: { ...SANDBOX_DEFAULT_CREDENTIALS },
    updatePath: DEFAULT_UPDATE_PATH,
    statusPath: DEFAULT_STATUS_PATH,
    rateLimit: { limit: 25, windowMs: 5000, kind: 'sliding', sharedBudget: true, retryAfterHeader: false },
    maxBodyBytes: 256 * 1024,
    capacity: 8,
    latency: { kind: 'uniform', minMs: 1000, maxMs: 3000 },
    queueFraction: 0.3,
    maxTasks: 50_000,
    maxKeptBodyBytes: 32 * 1024 * 1024,
    drift: [],
  };
}

export type SandboxSettingsPatch = Partial<Omit<SandboxSettings, 'rateLimit' | 'credentials'>> & {
  rateLimit?: Partial<SandboxRateLimit>;
  credentials?: Partial<SandboxCredentials>;
};

export function mergeSettings(base: SandboxSettings, patch: SandboxSettingsPatch): SandboxSettings {
  return {
    ...base,
    ...patch,
    rateLimit: { ...base.rateLimit, ...patch.rateLimit },
    credentials: { ...base.credentials, ...patch.credentials },
  } as SandboxSettings;
}
