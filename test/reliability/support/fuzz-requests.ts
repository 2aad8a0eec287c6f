// A seeded generator of malformed requests to the sandbox's API paths: fuzzed bodies, headers, query
// strings, methods, paths, and broken HTTP framing. Each case is raw bytes plus a label for reports;
// the same seed gives the same cases, so a failure can be replayed from its index.
import { SeededRandom } from '../../../src/sandbox/random.ts';

export interface FuzzCase {
  family: string;
  label: string;
  bytes: Buffer;
}

export interface FuzzTarget {
  updatePath: string;
  statusPath: string;
  credentials: { accessKey: string; secretKey: string; apiKey: string };
  /** RequestIDs that exist, so status fuzzing also hits real tasks. */
  knownRequestIds: string[];
}

const VALID_ID = '5ca5b042-51ea-4699-b6f0-84c40ab12770';
const validBody = () => ({ ProspectOpportunityId: VALID_ID, OpportunityNote: 'fuzz', Fields: [{ SchemaName: 'mx_Custom_1', Value: 'v' }] });

export class FuzzGenerator {
  private readonly r: SeededRandom;
  private readonly t: FuzzTarget;

  constructor(seed: number, target: FuzzTarget) {
    this.r = new SeededRandom(seed);
    this.t = target;
  }

  *cases(n: number): Generator<FuzzCase> {
    const families = [
      () => this.body(),
      () => this.body(),
      () => this.headers(),
      () => this.statusQuery(),
      () => this.updateQuery(),
      () => this.method(),
      () => this.path(),
      () => this.framing(),
      () => this.target(),
    ];
    for (let i = 0; i < n; i++) yield families[i % families.length]!();
  }

  // --- building blocks ---------------------------------------------------------------------------

  private int(max: number): number {
    return Math.floor(this.r.next() * max);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  private junk(length: number, alphabet = 'printable'): string {
    let s = '';
    for (let i = 0; i < length; i++) {
      const code = alphabet === 'printable' ? 32 + this.int(95) : alphabet === 'any' ? this.int(0x2fff) : 0x80 + this.int(0x7f);
      s += String.fromCharCode(code);
    }
    return s;
  }

  private updateTarget(): string {
    const c = this.t.credentials;
    return `${this.t.updatePath}?accessKey=${encodeURIComponent(c.accessKey)}&secretKey=${encodeURIComponent(c.secretKey)}`;
  }

  private request(method: string, target: string, headers: Array<[string, string]>, body: Buffer | string = ''): Buffer {
    const payload = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    const lines = [`${method} ${target} HTTP/1.1`, 'host: 127.0.0.1', 'connection: close', ...headers.map(([k, v]) => `${k}: ${v}`)];
    if (payload.length || method === 'POST') lines.push(`content-length: ${payload.length}`);
    return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
  }

  private apiHeaders(): Array<[string, string]> {
    return [
      ['x-api-key', this.t.credentials.apiKey],
      ['content-type', 'application/json'],
    ];
  }

  // --- families ----------------------------------------------------------------------------------

  /** Update calls with good credentials and a broken body. */
  private body(): FuzzCase {
    const text = JSON.stringify(validBody());
    const mutations: Array<[string, () => string | Buffer]> = [
      ['random bytes', () => Buffer.from(Array.from({ length: 1 + this.int(400) }, () => this.int(256)))],
      ['truncated JSON', () => text.slice(0, this.int(text.length))],
      [
        'one character flipped',
        () => {
          const i = this.int(text.length);
          return text.slice(0, i) + this.junk(1) + text.slice(i + 1);
        },
      ],
      [
        'a field of the wrong type',
        () =>
          JSON.stringify({
            ...validBody(),
            [this.pick(['ProspectOpportunityId', 'OpportunityNote', 'Fields'])]: this.pick<unknown>([42, null, true, [], {}, 'x', -1e308, [[]], { Fields: 1 }]),
          }),
      ],
      [
        'a Fields entry of the wrong shape',
        () =>
          JSON.stringify({
            ...validBody(),
            Fields: [this.pick<unknown>([null, 1, 'x', [], {}, { SchemaName: 1, Value: 2 }, { SchemaName: 'a' }, { Value: 'v' }])],
          }),
      ],
      [
        'a missing required field',
        () => {
          const b: Record<string, unknown> = validBody();
          delete b[this.pick(['ProspectOpportunityId', 'Fields'])];
          return JSON.stringify(b);
        },
      ],
      [
        'a bad opportunity id',
        () =>
          JSON.stringify({
            ...validBody(),
            ProspectOpportunityId: this.pick(['', 'x', VALID_ID.slice(1), `${VALID_ID}0`, this.junk(36), '../../etc/passwd', '\u0000']),
          }),
      ],
      ['JSON that is not an object', () => this.pick(['null', '0', '"text"', '[]', '[{}]', 'true', '1e999', '""'])],
      [
        'deep nesting',
        () => {
          const d = 1000 + this.int(60_000);
          return '['.repeat(d) + ']'.repeat(d);
        },
      ],
      [
        'deep object nesting',
        () => {
          const d = 1000 + this.int(20_000);
          return `{"Fields":${'{"a":'.repeat(d)}1${'}'.repeat(d)}}`;
        },
      ],
      [
        'many fields',
        () =>
          JSON.stringify({ ...validBody(), Fields: Array.from({ length: 1 + this.int(3000) }, (_, i) => ({ SchemaName: `mx_${i}`, Value: this.junk(3) })) }),
      ],
      ['unicode and control characters', () => JSON.stringify({ ...validBody(), OpportunityNote: this.junk(50 + this.int(200), 'any') })],
      [
        'lone surrogates',
        () => `{"ProspectOpportunityId":"${VALID_ID}","OpportunityNote":"\\ud800\\udfff\\udc00","Fields":[{"SchemaName":"a","Value":"\\ud83d"}]}`,
      ],
      ['duplicate keys', () => `{"ProspectOpportunityId":"${VALID_ID}","ProspectOpportunityId":${this.pick(['1', 'null', '"x"'])},"Fields":[]}`],
      ['a body over the size limit', () => 'x'.repeat(256 * 1024 + 1 + this.int(4096))],
      ['empty body', () => ''],
      [
        'prototype pollution keys',
        () =>
          `{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}},"ProspectOpportunityId":"${VALID_ID}","Fields":[{"SchemaName":"__proto__","Value":"x"}]}`,
      ],
      [
        'huge numbers and exponents',
        () =>
          `{"ProspectOpportunityId":"${VALID_ID}","Fields":[{"SchemaName":"a","Value":${this.pick(['1e999999', '-0', '123456789012345678901234567890', '0x10', 'NaN', 'Infinity'])}}]}`,
      ],
    ];
    const [label, make] = this.pick(mutations);
    return { family: 'body', label, bytes: this.request('POST', this.updateTarget(), this.apiHeaders(), make()) };
  }

  /** Update and status calls with broken or odd headers. */
  private headers(): FuzzCase {
    const body = JSON.stringify(validBody());
    const c = this.t.credentials;
    const variants: Array<[string, Array<[string, string]>]> = [
      ['no x-api-key', [['content-type', 'application/json']]],
      [
        'a wrong x-api-key',
        [
          ['x-api-key', this.junk(1 + this.int(40))],
          ['content-type', 'application/json'],
        ],
      ],
      [
        'an empty x-api-key',
        [
          ['x-api-key', ''],
          ['content-type', 'application/json'],
        ],
      ],
      [
        'a very long x-api-key',
        [
          ['x-api-key', 'k'.repeat(4000 + this.int(8000))],
          ['content-type', 'application/json'],
        ],
      ],
      [
        'x-api-key with high bytes',
        [
          ['x-api-key', this.junk(20, 'high')],
          ['content-type', 'application/json'],
        ],
      ],
      [
        'two x-api-key headers',
        [
          ['x-api-key', c.apiKey],
          ['x-api-key', 'other'],
          ['content-type', 'application/json'],
        ],
      ],
      [
        'content-type text/plain',
        [
          ['x-api-key', c.apiKey],
          ['content-type', 'text/plain'],
        ],
      ],
      ['content-type missing', [['x-api-key', c.apiKey]]],
      [
        'content-type odd',
        [
          ['x-api-key', c.apiKey],
          [
            'content-type',
            this.pick(['application/jsonx', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x', '*/*', ';;;', this.junk(30)]),
          ],
        ],
      ],
      [
        'credentials in headers, wrong',
        [
          ['x-api-key', c.apiKey],
          ['x-LSQ-AccessKey', this.junk(10)],
          ['x-LSQ-SecretKey', ''],
          ['content-type', 'application/json'],
        ],
      ],
      [
        'many headers',
        [
          ['x-api-key', c.apiKey],
          ['content-type', 'application/json'],
          ...Array.from({ length: 50 + this.int(50) }, (_, i): [string, string] => [`x-fuzz-${i}`, this.junk(20)]),
        ],
      ],
      [
        'expect 100-continue',
        [
          ['x-api-key', c.apiKey],
          ['content-type', 'application/json'],
          ['expect', '100-continue'],
        ],
      ],
      [
        'an unknown transfer coding',
        [
          ['x-api-key', c.apiKey],
          ['content-type', 'application/json'],
          ['content-encoding', this.pick(['gzip', 'br', 'x-fuzz'])],
        ],
      ],
    ];
    const [label, headers] = this.pick(variants);
    const toStatus = this.r.next() < 0.3;
    const target = toStatus
      ? `${this.t.statusPath}?RequestID=${this.pick(this.t.knownRequestIds)}`
      : `${this.t.updatePath}?accessKey=${encodeURIComponent(c.accessKey)}&secretKey=${encodeURIComponent(c.secretKey)}`;
    return {
      family: 'headers',
      label: `${toStatus ? 'status' : 'update'}: ${label}`,
      bytes: this.request(toStatus ? 'GET' : 'POST', target, headers, toStatus ? '' : body),
    };
  }

  /** Status calls with broken query strings. */
  private statusQuery(): FuzzCase {
    const known = this.pick(this.t.knownRequestIds);
    const queries: Array<[string, string]> = [
      ['no query', ''],
      ['an empty RequestID', '?RequestID='],
      ['a random RequestID', `?RequestID=${encodeURIComponent(this.junk(1 + this.int(60)))}`],
      ['a very long RequestID', `?RequestID=${'a'.repeat(2000 + this.int(6000))}`],
      ['broken percent-encoding', `?RequestID=${this.pick(['%', '%zz', '%e2%82', '%00', '%ff%fe', '%%%'])}`],
      ['RequestID twice', `?RequestID=${known}&RequestID=${this.junk(5).replace(/[&#\s%]/g, 'x')}`],
      ['RequestID in another case', `?requestid=${known.toUpperCase()}`],
      ['RequestID with white space', `?RequestID=%20${known}%20%09`],
      ['a uuid that was never issued', '?RequestID=00000000-0000-4000-8000-000000000000'],
      ['array syntax', `?RequestID[]=${known}`],
      ['only separators', `?${this.pick(['&&&', '===', '&=&=', '#frag', '?'])}`],
      ['unicode', `?RequestID=${encodeURIComponent(this.junk(10, 'any'))}`],
    ];
    const [label, query] = this.pick(queries);
    return {
      family: 'query',
      label: `status: ${label}`,
      bytes: this.request('GET', `${this.t.statusPath}${query}`, [['x-api-key', this.t.credentials.apiKey]]),
    };
  }

  /** Update calls with broken credentials in the query string. */
  private updateQuery(): FuzzCase {
    const c = this.t.credentials;
    const queries: Array<[string, string]> = [
      ['no credentials', ''],
      ['only accessKey', `?accessKey=${c.accessKey}`],
      ['a wrong secretKey', `?accessKey=${c.accessKey}&secretKey=${encodeURIComponent(this.junk(12))}`],
      ['credentials twice', `?accessKey=x&accessKey=${c.accessKey}&secretKey=${c.secretKey}`],
      ['broken percent-encoding', `?accessKey=%zz&secretKey=%`],
      ['names in another case', `?ACCESSKEY=${c.accessKey}&SECRETKEY=${c.secretKey}`],
      ['a 6 KB query', `?accessKey=${c.accessKey}&secretKey=${c.secretKey}&pad=${'p'.repeat(6000)}`],
    ];
    const [label, query] = this.pick(queries);
    return {
      family: 'query',
      label: `update: ${label}`,
      bytes: this.request('POST', `${this.t.updatePath}${query}`, this.apiHeaders(), JSON.stringify(validBody())),
    };
  }

  /** Every method but the right one, on both paths. */
  private method(): FuzzCase {
    const onUpdate = this.r.next() < 0.5;
    const method = this.pick(
      onUpdate ? ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'FUZZ', 'CONNECT'] : ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'FUZZ'],
    );
    const target = onUpdate ? this.updateTarget() : `${this.t.statusPath}?RequestID=${this.pick(this.t.knownRequestIds)}`;
    const body = this.r.next() < 0.5 ? JSON.stringify(validBody()) : '';
    return {
      family: 'method',
      label: `${method} ${onUpdate ? 'update' : 'status'}`,
      bytes: this.request(method === 'CONNECT' ? 'GET' : method, target, this.apiHeaders(), body),
    };
  }

  /** Paths next to the real ones. */
  private path(): FuzzCase {
    const u = this.t.updatePath;
    const paths = [
      `${u}/`,
      `/${u}`,
      u.toUpperCase(),
      `${u}%00`,
      `${u}/../update`,
      '/opportunity/../opportunity/update',
      `${u};jsessionid=1`,
      `${u}%2F`,
      '/',
      '/opportunity',
      `/${this.junk(10).replace(/[\s?#%]/g, 'x')}`,
      `/${'a/'.repeat(500 + this.int(1000))}`,
      `${this.t.statusPath}/extra`,
      '/favicon.ico',
      '*',
      `http://127.0.0.1${u}`,
      `/%${this.junk(2).replace(/\s/g, 'x')}`,
    ];
    const path = this.pick(paths);
    return { family: 'path', label: `path ${path.slice(0, 40)}`, bytes: this.request('POST', path, this.apiHeaders(), JSON.stringify(validBody())) };
  }

  /**
   * Request targets Node's parser lets through but a URL parser chokes on or reads as another host:
   * `//host/…` and `/\\host/…` (an authority to WHATWG URL), broken percent-encoding in an admin id,
   * absolute- and asterisk-form. None may answer 5xx, and none may reach the route after the "host".
   */
  private target(): FuzzCase {
    const u = this.t.updatePath;
    const targets = [
      '//[',
      '//[::1',
      '//[/',
      '//',
      '///',
      '//x',
      `//x${u}`,
      '//x/__sandbox/settings',
      '//x/__sandbox/health',
      '//127.0.0.1/__sandbox/faults',
      '/\\x/__sandbox/settings',
      '/\\',
      '\\x/__sandbox/health',
      '/__sandbox/requests/%E0%A4%A',
      '/__sandbox/requests/%',
      '/__sandbox/requests/%zz%',
      `/__sandbox/requests/${this.junk(8).replace(/[\s?#]/g, 'x')}`,
      '/__sandbox/nope',
      '/__sandbox',
      'http://127.0.0.1/__sandbox/health',
      `http://127.0.0.1${u}`,
      '*',
      '/..//x/__sandbox/settings',
      '//a@b/__sandbox/settings',
      '//%5B/',
      `//${this.junk(6).replace(/[\s]/g, 'x')}/__sandbox/settings`,
    ];
    const target = this.pick(targets);
    // A write as a browser page would send it (text/plain): it must not land on an admin route either.
    const asWrite = this.r.next() < 0.3;
    const bytes = asWrite
      ? this.request('POST', target, [['content-type', 'text/plain']], '{"kind":"http-5xx"}')
      : this.request('GET', target, [['x-api-key', this.t.credentials.apiKey]]);
    return { family: 'target', label: `${asWrite ? 'POST' : 'GET'} ${target.slice(0, 40)}`, bytes };
  }

  /** Broken HTTP framing: what Node's parser refuses before any handler runs. */
  private framing(): FuzzCase {
    const variants: Array<[string, () => Buffer]> = [
      ['garbage request line', () => Buffer.from(`${this.junk(1 + this.int(80))}\r\n\r\n`, 'latin1')],
      ['no HTTP version', () => Buffer.from(`GET ${this.t.statusPath}\r\n\r\n`)],
      ['HTTP/9.9', () => Buffer.from(`GET ${this.t.statusPath} HTTP/9.9\r\nhost: x\r\n\r\n`)],
      ['a header without a colon', () => Buffer.from(`GET ${this.t.statusPath} HTTP/1.1\r\nhost: x\r\nbroken header\r\n\r\n`)],
      ['a NUL in a header', () => Buffer.from(`GET ${this.t.statusPath} HTTP/1.1\r\nhost: x\r\nx-api-key: a\u0000b\r\n\r\n`)],
      ['a space before the colon', () => Buffer.from(`GET ${this.t.statusPath} HTTP/1.1\r\nhost : x\r\n\r\n`)],
      [
        'a bad chunk size',
        () =>
          Buffer.from(
            `POST ${this.updateTarget()} HTTP/1.1\r\nhost: x\r\nconnection: close\r\nx-api-key: ${this.t.credentials.apiKey}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
          ),
      ],
      [
        'both content-length and chunked',
        () =>
          Buffer.from(
            `POST ${this.updateTarget()} HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: 2\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
          ),
      ],
      ['a negative content-length', () => Buffer.from(`POST ${this.updateTarget()} HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: -1\r\n\r\n`)],
      [
        'two different content-lengths',
        () => Buffer.from(`POST ${this.updateTarget()} HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}`),
      ],
      [
        'a declared length over the limit',
        () =>
          Buffer.from(
            `POST ${this.updateTarget()} HTTP/1.1\r\nhost: x\r\nconnection: close\r\nx-api-key: ${this.t.credentials.apiKey}\r\ncontent-type: application/json\r\ncontent-length: ${10 * 1024 * 1024}\r\n\r\n{`,
          ),
      ],
      ['headers over 16 KB', () => Buffer.from(`GET ${this.t.statusPath} HTTP/1.1\r\nhost: x\r\nx-big: ${'b'.repeat(17_000)}\r\n\r\n`)],
      [
        'a bare LF between lines',
        () => Buffer.from(`GET ${this.t.statusPath}?RequestID=x HTTP/1.1\nhost: x\nx-api-key: ${this.t.credentials.apiKey}\nconnection: close\n\n`),
      ],
    ];
    const [label, make] = this.pick(variants);
    return { family: 'framing', label, bytes: make() };
  }
}
