// The typed client of the async Update an Opportunity API and its Status API.
import {
  DEFAULT_STATUS_PATH,
  DEFAULT_UPDATE_PATH,
  UpdateRequestSchema,
  parseAcceptedBody,
  parseErrorEnvelope,
  parseStatusBody,
  violation,
  type ContractViolation,
  type ExtraStatusWord,
  type ParsedAccepted,
  type ParsedStatus,
  type StatusExpectations,
  type UpdateRequest,
} from '../contract/index.ts';
import { systemClock, type Clock } from '../timing/clock.ts';
import { LEADSQUARED_DEFAULT_LIMIT, RateLimiter, type RateLimitSettings } from '../timing/rate-limiter.ts';
import { ContractViolationError, RequestShapeError, httpErrorFor, type Endpoint } from './errors.ts';
import { exchange, parseRetryAfter, type RawResponse } from './http.ts';
import { redact, redactTruncated, registerSecret } from './redact.ts';

export interface Credentials {
  accessKey: string;
  secretKey: string;
  apiKey: string;
}

export interface ClientOptions {
  /** e.g. https://asyncapi-in21.leadsquared.com or the sandbox's http://127.0.0.1:PORT */
  baseUrl: string;
  credentials: Credentials;
  /** Where accessKey/secretKey go on the update call: the query string (as the async page shows) or x-LSQ-* headers. */
  credentialsIn?: 'query' | 'header';
  updatePath?: string;
  statusPath?: string;
  /** Per-call deadline. */
  timeoutMs?: number;
  /** The client-side budget shared by every call of this client; null turns it off. */
  rateLimit?: RateLimitSettings | null;
  /**
   * Added to the budget's window (default 250 ms). The provider counts a call when it arrives, we
   * count it when we send it; without a margin a call sent exactly one window after an earlier one
   * can arrive a little sooner than that one did and be refused.
   */
  rateLimitMarginMs?: number;
  /** Bodies past this size are not read further (a contract violation, not an out-of-memory). */
  maxBodyBytes?: number;
  clock?: Clock;
  /** The transport: calls go through this fetch when given (msw in a browser, a recorder, fake time), else over node:http / node:https. */
  fetch?: typeof fetch;
  /** Called after every HTTP exchange (or failure to have one): metrics and logs hang off this. */
  onCall?: (event: CallEvent) => void;
  /** Status words the user declared legitimate (LSQ_EXTRA_STATUS_WORDS): no violation for them. */
  extraStatusWords?: readonly ExtraStatusWord[];
}

export interface CallEvent {
  endpoint: Endpoint;
  /** HTTP status, or null when no answer came (timeout, network). */
  httpStatus: number | null;
  latencyMs: number;
  error?: Error;
}

export interface SubmitResult {
  requestId: string;
  /** When the call was sent (this client's clock), after any wait for the client-side budget. */
  sentAt: number;
  accepted: ParsedAccepted;
  httpStatus: number;
  latencyMs: number;
  violations: ContractViolation[];
}

export interface StatusResult extends ParsedStatus {
  /** When the call was sent and when its answer was read (this client's clock). */
  sentAt: number;
  receivedAt: number;
  httpStatus: number;
  latencyMs: number;
}

/** Options of one call: `onCall` hears this call alone (ClientOptions.onCall hears every call of the client). */
export interface CallOptions {
  onCall?: (event: CallEvent) => void;
}

export interface SubmitOptions extends CallOptions {
  /** Send the body even when it breaks the request schema (contract tests of the 400 answer). */
  skipValidation?: boolean;
  signal?: AbortSignal;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

export class LsqClient {
  readonly limiter: RateLimiter | null;
  readonly clock: Clock;
  private readonly o: Required<Omit<ClientOptions, 'rateLimit' | 'rateLimitMarginMs' | 'onCall' | 'clock' | 'fetch'>> & Pick<ClientOptions, 'onCall'>;
  private readonly fetchImpl: typeof fetch | undefined;

  constructor(options: ClientOptions) {
    const { credentials } = options;
    for (const secret of [credentials.accessKey, credentials.secretKey, credentials.apiKey]) registerSecret(secret);
    this.clock = options.clock ?? systemClock;
    // No fetch given: node:http, whose request function is looked up per call, so that an msw
    // interceptor installed after construction still applies.
    this.fetchImpl = options.fetch;
    const rateLimit = options.rateLimit === undefined ? LEADSQUARED_DEFAULT_LIMIT : options.rateLimit;
    const margin = options.rateLimitMarginMs ?? 250;
    this.limiter = rateLimit && rateLimit.limit > 0 ? new RateLimiter({ ...rateLimit, windowMs: rateLimit.windowMs + margin }, this.clock) : null;
    this.o = {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      credentials,
      credentialsIn: options.credentialsIn ?? 'query',
      updatePath: options.updatePath ?? DEFAULT_UPDATE_PATH,
      statusPath: options.statusPath ?? DEFAULT_STATUS_PATH,
      timeoutMs: options.timeoutMs ?? 10_000,
      maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024,
      extraStatusWords: options.extraStatusWords ?? [],
      onCall: options.onCall,
    };
  }

  get baseUrl(): string {
    return this.o.baseUrl;
  }

  /** POST /opportunity/update: returns the RequestID to poll. */
  async submitUpdate(request: UpdateRequest | unknown, options: SubmitOptions = {}): Promise<SubmitResult> {
    if (!options.skipValidation) {
      const checked = UpdateRequestSchema.safeParse(request);
      if (!checked.success) throw new RequestShapeError(checked.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`));
    }
    const url = new URL(this.o.baseUrl + this.o.updatePath);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-api-key': this.o.credentials.apiKey };
    if (this.o.credentialsIn === 'header') {
      headers['x-LSQ-AccessKey'] = this.o.credentials.accessKey;
      headers['x-LSQ-SecretKey'] = this.o.credentials.secretKey;
    } else {
      url.searchParams.set('accessKey', this.o.credentials.accessKey);
      url.searchParams.set('secretKey', this.o.credentials.secretKey);
    }
    const body = typeof request === 'string' ? request : JSON.stringify(request);
    const res = await this.call('update', url, { method: 'POST', headers, body }, options.signal, options.onCall);
    const json = this.readJson('update', url, res);
    const accepted = parseAcceptedBody(json);
    if (!accepted.requestId) throw new ContractViolationError(res.status, accepted.violations, res.text, this.details('update', url));
    return {
      requestId: accepted.requestId,
      sentAt: res.sentAt,
      accepted,
      httpStatus: res.status,
      latencyMs: res.latencyMs,
      violations: [...this.contentTypeViolations(res), ...accepted.violations],
    };
  }

  /** GET <status path>?RequestID=…: the classified status, with any contract violations listed. */
  async getStatus(requestId: string, expect: StatusExpectations = {}, signal?: AbortSignal, options: CallOptions = {}): Promise<StatusResult> {
    const url = new URL(this.o.baseUrl + this.o.statusPath);
    url.searchParams.set('RequestID', requestId);
    const res = await this.call('status', url, { method: 'GET', headers: { 'x-api-key': this.o.credentials.apiKey } }, signal, options.onCall);
    const json = this.readJson('status', url, res);
    const parsed = parseStatusBody(json, { requestId, ...expect }, { extraStatusWords: this.o.extraStatusWords });
    parsed.violations.unshift(...this.contentTypeViolations(res));
    return { ...parsed, sentAt: res.sentAt, receivedAt: this.clock.now(), httpStatus: res.status, latencyMs: res.latencyMs };
  }

  /** Calls admitted by this client's own limiter in the current window. */
  budgetSpent(): number {
    return this.limiter?.spent('client') ?? 0;
  }

  private async call(
    endpoint: Endpoint,
    url: URL,
    init: RequestInit,
    signal?: AbortSignal,
    onThisCall?: (event: CallEvent) => void,
  ): Promise<RawResponse & { sentAt: number; latencyMs: number }> {
    const notify = (event: CallEvent) => {
      this.o.onCall?.(event);
      onThisCall?.(event);
    };
    if (this.limiter) await this.limiter.acquire('client', signal);
    const started = this.clock.now();
    let res: RawResponse & { sentAt: number; latencyMs: number };
    try {
      // Durations on the client's clock (monotonic unless a test injects one): Date.now() follows NTP
      // steps, and a step during a call became an hour (or a negative) of latency.
      const answer = await exchange({
        endpoint,
        url,
        init,
        timeoutMs: this.o.timeoutMs,
        maxBodyBytes: this.o.maxBodyBytes,
        fetchImpl: this.fetchImpl,
        signal,
      });
      // The latency spans sentAt to a reading taken after the answer was in, both here, so that
      // sentAt + latencyMs is never before the provider answered (when exchange() timed itself from a
      // reading of its own, a pause between the two readings put the canary's "accepted by" that much
      // early and its bracket's lower edge past the true completion).
      res = { ...answer, sentAt: started, latencyMs: this.clock.now() - started };
    } catch (err) {
      notify({ endpoint, httpStatus: null, latencyMs: this.clock.now() - started, error: err as Error });
      throw err;
    }
    if (res.status < 200 || res.status >= 300) {
      let json: unknown;
      try {
        json = JSON.parse(res.text);
      } catch {
        /* an HTML gateway page or empty body: no envelope */
      }
      const envelope = parseErrorEnvelope(json).envelope;
      const error = httpErrorFor(res.status, envelope, res.text, parseRetryAfter(res.headers.get('retry-after'), Date.now()), this.details(endpoint, url));
      notify({ endpoint, httpStatus: res.status, latencyMs: res.latencyMs, error });
      throw error;
    }
    notify({ endpoint, httpStatus: res.status, latencyMs: res.latencyMs });
    return res;
  }

  private readJson(endpoint: Endpoint, url: URL, res: RawResponse): unknown {
    if (res.truncated) {
      // The body was cut at the size cap, maybe inside a secret: redactTruncated drops what could be its start.
      throw new ContractViolationError(
        res.status,
        [violation('body.too-large', '$', `body larger than ${this.o.maxBodyBytes} bytes`)],
        redactTruncated(res.text),
        this.details(endpoint, url),
      );
    }
    try {
      return JSON.parse(res.text);
    } catch {
      const what = res.text.trim() === '' ? 'an empty body' : 'a body that is not JSON';
      throw new ContractViolationError(
        res.status,
        [...this.contentTypeViolations(res), violation('body.not-json', '$', `HTTP ${res.status} with ${what}`)],
        res.text,
        this.details(endpoint, url),
      );
    }
  }

  private contentTypeViolations(res: RawResponse): ContractViolation[] {
    const type = res.headers.get('content-type') ?? '';
    return JSON_TYPE.test(type) ? [] : [violation('content-type.not-json', '$', `Content-Type is ${type ? JSON.stringify(type) : 'missing'}`)];
  }

  private details(endpoint: Endpoint, url: URL) {
    return { endpoint, url: redact(url.toString()) };
  }
}
