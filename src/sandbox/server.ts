// The reference provider: a node:http server that answers like LeadSquared's async host.
// Order of checks on the API paths, as a gateway would do them: path (404) → method (405) →
// x-api-key and accessKey/secretKey (401) → rate limit (429) → injected faults → body (413, 400).
// Hot path (BENCHMARKS.md P1): a request that needs no waiting (status, every refusal before the body)
// is answered synchronously, with no promise per request; only what waits (a body, a fault, the admin
// endpoint) returns one.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ACCEPTED_STATUS_TEXT, rateLimitMessage } from '../contract/index.ts';
import { systemClock, type Clock } from '../timing/clock.ts';
import { RateLimiter } from '../timing/rate-limiter.ts';
import { acceptedText, sendAccepted } from './accepted-body.ts';
import { handleAdmin, ADMIN_PREFIX } from './admin.ts';
import { driftAcceptedBody, driftStatusBody } from './drift.ts';
import { EXCEPTIONS, sendError, sendJson, sendJsonText } from './envelope.ts';
import { FaultBook, type FaultRule } from './faults.ts';
import { SeededRandom } from './random.ts';
import { type BodyRead, readBodyThen } from './read-body.ts';
import { parseRequestTarget, type ParsedTarget } from './request-target.ts';
import { defaultSandboxSettings, mergeSettings, type SandboxSettings, type SandboxSettingsPatch } from './settings.ts';
import { TaskStore, statusBody } from './tasks.ts';
import { type PlannedOutcome, readUpdateTriggers } from './triggers.ts';
import { checkUpdateBody } from './update-body.ts';
import { uuidText } from './uuid-words.ts';

export type ApiEndpoint = 'update' | 'status';

const STUCK: PlannedOutcome = { kind: 'stuck' };

export interface SandboxOptions {
  settings?: SandboxSettingsPatch;
  clock?: Clock;
}

export class Sandbox {
  settings: SandboxSettings;
  readonly clock: Clock;
  random: SeededRandom;
  readonly tasks: TaskStore;
  readonly faults = new FaultBook();
  limiter: RateLimiter;
  /** Answers by endpoint and HTTP status, for the admin endpoint and tests. */
  readonly answered = new Map<string, number>();
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();
  /** Where each accepted update's RequestID is drawn (answerUpdate is synchronous). */
  private readonly mintedId = new Uint32Array(4);
  /** Requests whose handler has not settled yet: back to 0 once every client is answered or gone. */
  private inFlight = 0;
  /** Budget keys the provider state "the rate limit is exhausted" holds spent until their next call. */
  private readonly heldSpent = new Set<string>();

  constructor(options: SandboxOptions = {}) {
    this.settings = mergeSettings(defaultSandboxSettings(), options.settings ?? {});
    this.clock = options.clock ?? systemClock;
    this.random = new SeededRandom(this.settings.seed);
    this.tasks = new TaskStore(
      () => this.settings,
      this.random,
      () => this.clock.now(),
    );
    this.limiter = this.newLimiter();
  }

  get url(): string {
    if (!this.server) throw new Error('the sandbox is not listening');
    const { port } = this.server.address() as AddressInfo;
    return `http://${this.settings.host}:${port}`;
  }

  /** Handlers still running (waiting out a latency fault, reading a body): for leak checks. */
  get pendingHandlers(): number {
    return this.inFlight;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async start(): Promise<this> {
    const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
      this.inFlight++;
      let pending: Promise<void> | undefined;
      try {
        pending = this.handle(req, res);
      } catch (err) {
        failed(res, err);
      }
      if (!pending) {
        this.inFlight--;
        return;
      }
      pending.catch((err) => failed(res, err)).finally(() => this.inFlight--);
    });
    // Malformed HTTP (bad request line, bad headers) still gets the envelope, not Node's bare 400.
    server.on('clientError', (_err, socket) => {
      if (!socket.writable) return socket.destroy();
      const body = JSON.stringify({ Status: 'Error', ExceptionType: EXCEPTIONS.badRequest, ExceptionMessage: 'Malformed HTTP request' });
      socket.end(
        `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.settings.port, this.settings.host, () => resolve());
    });
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const res of this.hanging) res.destroy();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  /** Applies a settings change; the limiter is rebuilt (its counts reset) when its settings change. */
  configure(patch: SandboxSettingsPatch): void {
    const before = JSON.stringify(this.settings.rateLimit);
    const seedBefore = this.settings.seed;
    this.settings = mergeSettings(this.settings, patch);
    if (JSON.stringify(this.settings.rateLimit) !== before) this.refillBudget();
    if (this.settings.seed !== seedBefore) this.random = new SeededRandom(this.settings.seed);
  }

  /** Forgets tasks, budgets, faults and drift; keeps the other settings. */
  reset(): void {
    this.tasks.clear();
    this.faults.clear();
    this.refillBudget();
    this.settings = { ...this.settings, drift: [] };
    this.answered.clear();
  }

  /** Every budget back to full, none held spent (a reset, a new rate limit, the provider state "the rate limit is exhausted" torn down). */
  refillBudget(): void {
    this.limiter = this.newLimiter();
    this.heldSpent.clear();
  }

  private newLimiter(): RateLimiter {
    const r = this.settings.rateLimit;
    return new RateLimiter({ limit: r.limit, windowMs: r.windowMs, kind: r.kind }, this.clock);
  }

  private count(endpoint: string, what: number | string): void {
    // The two answers of nearly every call without a new string each time.
    const key = what === 200 && endpoint === 'update' ? 'update 200' : what === 200 && endpoint === 'status' ? 'status 200' : `${endpoint} ${what}`;
    this.answered.set(key, (this.answered.get(key) ?? 0) + 1);
  }

  private reply(res: ServerResponse, endpoint: string, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
    this.count(endpoint, status);
    sendError(res, status, type, message, this.settings.drift, headers);
  }

  /** Answers a request; returns a promise only when the answer has to wait (body, fault, admin). */
  private handle(req: IncomingMessage, res: ServerResponse): Promise<void> | undefined {
    const url = parseRequestTarget(req.url);
    if (!url.ok) {
      req.resume();
      return void this.reply(res, 'other', 400, EXCEPTIONS.badRequest, url.reason);
    }
    if (url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`)) return handleAdmin(this, req, res, url);

    const s = this.settings;
    const endpoint: ApiEndpoint | null = url.pathname === s.updatePath ? 'update' : url.pathname === s.statusPath ? 'status' : null;
    if (!endpoint) {
      req.resume();
      return void this.reply(res, 'other', 404, EXCEPTIONS.notFound, 'The API could not be found. Please check the API signature.');
    }
    const method = endpoint === 'update' ? 'POST' : 'GET';
    if (req.method !== method) {
      req.resume();
      return void this.reply(res, endpoint, 405, EXCEPTIONS.methodNotAllowed, `${endpoint === 'update' ? 'Update' : 'Status'} API expects ${method}`, {
        allow: method,
      });
    }
    const apiKey = header(req, 'x-api-key');
    if (apiKey !== s.credentials.apiKey) {
      req.resume();
      return void this.reply(res, endpoint, 401, EXCEPTIONS.unauthorized, apiKey ? 'Invalid x-api-key' : 'x-api-key header is missing');
    }
    if (endpoint === 'update') {
      const accessKey = url.param('accessKey') ?? header(req, 'x-lsq-accesskey');
      const secretKey = url.param('secretKey') ?? header(req, 'x-lsq-secretkey');
      if (accessKey !== s.credentials.accessKey || secretKey !== s.credentials.secretKey) {
        req.resume();
        return void this.reply(res, endpoint, 401, EXCEPTIONS.unauthorized, 'Invalid accessKey or secretKey');
      }
    }
    const fault = this.faults.pick(endpoint, this.random);
    if (fault?.kind === 'rate-limit-storm' || !this.admitted(apiKey, endpoint)) {
      req.resume();
      const retryAfter = s.rateLimit.retryAfterHeader ? { 'retry-after': String(Math.ceil(s.rateLimit.windowMs / 1000)) } : undefined;
      return void this.reply(res, endpoint, 429, EXCEPTIONS.rateLimited, rateLimitMessage(s.rateLimit.limit, s.rateLimit.windowMs / 1000), retryAfter);
    }
    if (fault && fault.kind !== 'stuck') return this.faultThenAnswer(fault, endpoint, url, req, res);
    if (endpoint === 'update') return void this.handleUpdate(req, res, fault?.kind === 'stuck');
    req.resume();
    this.handleStatus(url, res);
    return undefined;
  }

  /** Plays a fault; when it lets the call go on (latency), answers it normally afterwards. */
  private async faultThenAnswer(fault: FaultRule, endpoint: ApiEndpoint, url: ParsedTarget, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const handled = await this.applyFault(fault, endpoint, req, res);
    if (handled) return;
    if (endpoint === 'update') return this.handleUpdate(req, res, false);
    req.resume();
    this.handleStatus(url, res);
  }

  private admitted(apiKey: string, endpoint: ApiEndpoint): boolean {
    if (!this.limiter.enabled) return true;
    const key = this.budgetKey(apiKey, endpoint);
    if (this.heldSpent.delete(key)) return false;
    return this.limiter.tryAcquire(key).admitted;
  }

  /** The limiter's key for a call: the API key, or the key and endpoint when budgets are separate. */
  private budgetKey(apiKey: string, endpoint: ApiEndpoint): string {
    return this.settings.rateLimit.sharedBudget ? apiKey : `${apiKey}\u0000${endpoint}`;
  }

  /**
   * Spends the configured key's whole budget on both endpoints (the provider state "the rate limit is
   * exhausted": "the next call is refused"), and holds it spent until that next call, however late it
   * comes: a verifier slowed down on a busy machine sent it more than a window after the state was
   * set, the budget had refilled, and a correct sandbox broke the contract's 429 interaction.
   */
  exhaustBudget(): void {
    const keys = new Set((['update', 'status'] as const).map((endpoint) => this.budgetKey(this.settings.credentials.apiKey, endpoint)));
    for (const key of keys) {
      for (let i = 0; i < this.settings.rateLimit.limit; i++) this.limiter.tryAcquire(key);
      this.heldSpent.add(key);
    }
  }

  /**
   * Reads the update's body, then answers it. Without a promise (the body arrives in a callback); the
   * read counts as a handler in flight until it is answered.
   */
  private handleUpdate(req: IncomingMessage, res: ServerResponse, stuck: boolean): void {
    const s = this.settings; // as they were when the call came (a settings change does not reach it)
    this.inFlight++;
    readBodyThen(req, s.maxBodyBytes, (body) => {
      try {
        this.answerUpdate(s, req, res, body, stuck);
      } catch (err) {
        failed(res, err);
      } finally {
        this.inFlight--;
      }
    });
  }

  private answerUpdate(s: SandboxSettings, req: IncomingMessage, res: ServerResponse, body: BodyRead, stuck: boolean): void {
    if (!body.ok) {
      if (body.reason === 'aborted') res.destroy();
      else this.reply(res, 'update', 413, EXCEPTIONS.tooLarge, `Request body is larger than ${s.maxBodyBytes} bytes`, { connection: 'close' });
      return;
    }
    const type = header(req, 'content-type');
    if (!/^application\/json\b/i.test(type)) {
      const got = type ? JSON.stringify(type.slice(0, 100)) : 'none';
      this.reply(res, 'update', 400, EXCEPTIONS.badRequest, `Content-Type must be application/json, got ${got}`);
      return;
    }
    let json: unknown;
    try {
      // A leading byte-order mark is dropped.
      json = JSON.parse(body.text.charCodeAt(0) === 0xfeff ? body.text.slice(1) : body.text);
    } catch {
      this.reply(res, 'update', 400, EXCEPTIONS.badRequest, 'The message body is not valid JSON');
      return;
    }
    const checked = checkUpdateBody(json);
    if (!checked.ok) {
      this.reply(res, 'update', 400, EXCEPTIONS.badRequest, `Invalid request body: ${checked.where}: ${checked.message}`);
      return;
    }
    const triggers = readUpdateTriggers(checked.data);
    // The RequestID is drawn as its 16 bytes, which the store keeps as they are; an update that will
    // succeed (nearly all) is planned straight into its row, any other through its Task object.
    const id = this.mintedId;
    this.random.uuidWords(id, 0);
    const outcome = stuck ? STUCK : triggers.outcome;
    const opportunityId = checked.data.ProspectOpportunityId;
    const now = this.clock.now();
    if (outcome.kind === 'success') {
      this.tasks.planSuccess(id, opportunityId, body.text, triggers.latencyMs, now);
    } else {
      this.tasks.plan({ requestId: uuidText(id, 0), opportunityId, rawBody: body.text, outcome, latencyMs: triggers.latencyMs, now });
    }
    this.count('update', 200);
    // Without drift, the accepted text from its template (accepted-body.ts); drift rewrites the object.
    if (s.drift.length === 0) sendAccepted(res, acceptedText(id, 0));
    else sendJson(res, 200, driftAcceptedBody({ Status: ACCEPTED_STATUS_TEXT, RequestID: uuidText(id, 0) }, s.drift));
  }

  private handleStatus(url: ParsedTarget, res: ServerResponse): void {
    // The first parameter named RequestID in any case.
    const requestId = url.param('RequestID', true)?.trim();
    if (!requestId) {
      this.reply(res, 'status', 400, EXCEPTIONS.badRequest, 'RequestID is required in the query string');
      return;
    }
    const row = this.tasks.rowOf(requestId);
    if (row < 0) {
      this.reply(res, 'status', 400, EXCEPTIONS.unknownRequest, `No request found for RequestID ${requestId.slice(0, 64)}`);
      return;
    }
    const now = this.clock.now();
    this.tasks.noteStatusCall(row, now);
    this.count('status', 200);
    const drift = this.settings.drift;
    if (drift.length === 0) sendJsonText(res, 200, this.tasks.statusBodyTextAt(row, now));
    else sendJson(res, 200, driftStatusBody(statusBody(this.tasks.taskAt(row), this.tasks.viewOf(row, now)), drift));
  }

  /**
   * Waits `ms` on the sandbox's clock unless the client goes first: true when the wait ran out, false
   * when the connection closed (the sleep is cancelled, so no timer or fake-clock sleeper stays behind).
   */
  private async delayUnlessClosed(ms: number, res: ServerResponse): Promise<boolean> {
    if (res.destroyed || res.writableEnded) return false;
    const gone = new AbortController();
    const onClose = () => gone.abort();
    res.once('close', onClose);
    try {
      await this.clock.sleep(ms, gone.signal);
      return true;
    } catch {
      return false; // only the abort rejects a sleep
    } finally {
      res.off('close', onClose);
    }
  }

  /** Plays an injected fault; returns false when the call should go on normally afterwards (latency). */
  private async applyFault(fault: FaultRule, endpoint: ApiEndpoint, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    this.count(endpoint, `fault:${fault.kind}`);
    switch (fault.kind) {
      case 'latency':
        // A client that hangs up during the delay ends the wait: true = handled, nothing more is written.
        return !(await this.delayUnlessClosed(fault.ms, res));
      case 'http-5xx':
        req.resume();
        this.reply(res, endpoint, fault.status, EXCEPTIONS.internal, 'The API call failed (injected fault)');
        return true;
      case 'html-5xx':
      case 'html-401': {
        req.resume();
        const status = fault.kind === 'html-401' ? 401 : 502;
        const html = `<html><head><title>${status}</title></head><body><center><h1>${status} ${status === 401 ? 'Authorization Required' : 'Bad Gateway'}</h1></center><hr><center>gateway</center></body></html>`;
        res.writeHead(status, { 'content-type': 'text/html' });
        res.end(html);
        return true;
      }
      case 'hang': {
        req.resume();
        this.hanging.add(res);
        const timer = setTimeout(() => res.destroy(), 600_000).unref();
        res.on('close', () => {
          this.hanging.delete(res);
          clearTimeout(timer);
        });
        return true;
      }
      case 'reset':
        req.socket.destroy();
        return true;
      case 'malformed':
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"RequestID":"5ebec781-c325-41f0-914e-9692301a2515","TaskStatus":{"Status":"Succ');
        return true;
      case 'empty':
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' });
        res.end();
        return true;
      case 'wrong-content-type':
        req.resume();
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>Service temporarily unavailable</body></html>');
        return true;
      case 'huge': {
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json' });
        const filler = 'x'.repeat(64 * 1024);
        res.write('{"RequestID":"5ebec781-c325-41f0-914e-9692301a2515","Filler":"');
        for (let sent = 0; sent < fault.bytes && !res.destroyed; sent += filler.length) {
          if (!res.write(filler)) await drainOrClose(res);
        }
        res.end('"}');
        return true;
      }
      case 'rate-limit-storm':
      case 'stuck':
        return false;
    }
  }
}

/** A bug of ours, never the caller's input: still LeadSquared's envelope, and the process lives on. */
function failed(res: ServerResponse, err: unknown): void {
  if (!res.headersSent) sendError(res, 500, EXCEPTIONS.internal, `sandbox error: ${(err as Error).message}`);
  else res.destroy();
}

/** Resolves when a response can take more data, or is gone; leaves no listener behind. */
export function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

function header(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return new Sandbox(options).start();
}
