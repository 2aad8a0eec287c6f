// Typed errors, one per way a call can go wrong. Every message passes through redact(), so an error
// printed or logged anywhere cannot leak a credential.
import type { ContractViolation, ErrorEnvelope } from '../contract/index.ts';
import { maxSecretFormLength, redact, redactTruncated } from './redact.ts';

export type Endpoint = 'update' | 'status';

export interface LsqErrorDetails {
  endpoint: Endpoint;
  /** Redacted URL of the call. */
  url: string;
}

export class LsqError extends Error {
  readonly endpoint: Endpoint;
  readonly url: string;
  constructor(message: string, details: LsqErrorDetails, options?: ErrorOptions) {
    super(redact(message), options);
    this.name = new.target.name;
    this.endpoint = details.endpoint;
    this.url = redact(details.url);
  }
}

/** An HTTP answer other than 200. Subclasses per status; `envelope` when the body was LeadSquared's. */
export class LsqHttpError extends LsqError {
  readonly status: number;
  readonly envelope: ErrorEnvelope | null;
  /** The body as text, redacted and cut to 2 KB. */
  readonly bodyExcerpt: string;
  constructor(status: number, envelope: ErrorEnvelope | null, body: string, details: LsqErrorDetails) {
    const why = envelope ? `${envelope.ExceptionType}: ${envelope.ExceptionMessage}` : excerpt(body, 200) || '(empty body)';
    super(`${details.endpoint} call answered HTTP ${status}: ${why}`, details);
    this.status = status;
    this.envelope = envelope;
    this.bodyExcerpt = excerpt(body, 2048);
  }
}

export class BadRequestError extends LsqHttpError {}
export class UnauthorizedError extends LsqHttpError {}
export class NotFoundError extends LsqHttpError {}
export class ServerError extends LsqHttpError {}

export class RateLimitedError extends LsqHttpError {
  /** LeadSquared's own text, e.g. "API calls exceeded the limit of 25 in 5 second(s)". */
  readonly leadSquaredMessage: string;
  /** Seconds from a Retry-After header, when one was sent (not documented, so usually null). */
  readonly retryAfterSeconds: number | null;
  constructor(envelope: ErrorEnvelope | null, body: string, retryAfterSeconds: number | null, details: LsqErrorDetails) {
    super(429, envelope, body, details);
    this.leadSquaredMessage = envelope ? redact(envelope.ExceptionMessage) : excerpt(body, 500);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class TimeoutError extends LsqError {
  readonly timeoutMs: number;
  constructor(timeoutMs: number, details: LsqErrorDetails) {
    super(`${details.endpoint} call got no answer within ${timeoutMs} ms (${details.url})`, details);
    this.timeoutMs = timeoutMs;
  }
}

/** The connection failed: refused, reset, DNS, TLS. */
export class NetworkError extends LsqError {
  readonly code: string | null;
  constructor(cause: unknown, details: LsqErrorDetails) {
    const code = networkCode(cause);
    super(`${details.endpoint} call failed to connect${code ? ` (${code})` : ''}: ${details.url}`, details, { cause });
    this.code = code;
  }
}

/** A 2xx whose body could not be read as the contract says (not JSON, not an object). */
export class ContractViolationError extends LsqError {
  readonly violations: ContractViolation[];
  readonly httpStatus: number;
  readonly bodyExcerpt: string;
  constructor(httpStatus: number, violations: ContractViolation[], body: string, details: LsqErrorDetails) {
    super(`${details.endpoint} answer broke the contract: ${violations.map((v) => `${v.rule} at ${v.path}`).join('; ')}`, details);
    this.violations = violations;
    this.httpStatus = httpStatus;
    this.bodyExcerpt = excerpt(body, 2048);
  }
}

export function httpErrorFor(status: number, envelope: ErrorEnvelope | null, body: string, retryAfter: number | null, details: LsqErrorDetails): LsqHttpError {
  switch (status) {
    case 400:
      return new BadRequestError(status, envelope, body, details);
    case 401:
    case 403:
      return new UnauthorizedError(status, envelope, body, details);
    case 404:
      return new NotFoundError(status, envelope, body, details);
    case 429:
      return new RateLimitedError(envelope, body, retryAfter, details);
    default:
      return status >= 500 ? new ServerError(status, envelope, body, details) : new LsqHttpError(status, envelope, body, details);
  }
}

/**
 * The start of a body on one line, redacted, at most `max` characters. Redacted before it is cut: a
 * secret across the cut would no longer be recognisable, and its start would survive. Only a window
 * of the body is redacted (a body may be megabytes); the window's own cut is handled by
 * redactTruncated, which drops the tail where the start of a cut secret could lie.
 */
function excerpt(text: string, max: number): string {
  const window = 4 * max + maxSecretFormLength();
  const redacted = text.length > window ? redactTruncated(text.slice(0, window)) : redact(text);
  const flat = redacted.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function networkCode(cause: unknown): string | null {
  let c: unknown = cause;
  for (let depth = 0; depth < 4 && c && typeof c === 'object'; depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    c = (c as { cause?: unknown }).cause;
  }
  return null;
}

/** The caller asked to send a body that breaks the request schema; nothing was sent. */
export class RequestShapeError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(redact(`update request breaks the contract, not sent: ${problems.join('; ')}`));
    this.name = 'RequestShapeError';
    this.problems = problems;
  }
}
