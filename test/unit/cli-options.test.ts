// The CLI's flag parsers (src/cli/options.ts): what each accepts, what it refuses, and that every
// refusal names the flag. A value of the wrong shape is commander's InvalidArgumentError (commander
// prefixes the option and argument; main.ts exits 2); a URL is a ConfigError (printed through redact(),
// exit 2), so that a password in it is never echoed.
import { Command, type CommanderError, InvalidArgumentError, Option } from 'commander';
import { afterEach, expect, test, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import {
  DURATION_RANGES,
  PROFILES,
  WINDOW_KINDS,
  choiceOption,
  duration,
  fieldCollector,
  hostUrl,
  listenAddress,
  numberBetween,
  oneOf,
  positiveNumber,
  pushgatewayUrl,
  secureUrl,
  typedDefault,
  wholeNumber,
  wordList,
} from '../../src/cli/options.ts';
import { ConfigError } from '../../src/config/errors.ts';

/** The error a parser throws for `raw`, or a failure when it accepts it. */
function refusal(parse: (raw: string) => unknown, raw: string): Error {
  try {
    parse(raw);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`accepted ${JSON.stringify(raw)}`);
}

afterEach(() => {
  vi.restoreAllMocks();
});

test.each(['0', '7', '65535'])('a whole number in range is accepted: %s', (raw) => {
  expect(wholeNumber('--port', 0, 65535)(raw)).toBe(Number(raw));
});

test.each(['-1', '65536', '1.5', '1e3', '0x10', '', ' 5', 'x', 'Infinity'])('a whole number refuses %j, naming the flag', (raw) => {
  const e = refusal(wholeNumber('--port', 0, 65535), raw);
  expect(e).toBeInstanceOf(InvalidArgumentError);
  expect(e.message).toBe('--port must be a whole number from 0 to 65535');
});

test.each([
  ['0.001', 0.001],
  ['.5', 0.5],
  ['2.', 2],
  ['1e3', 1000],
  ['3600', 3600],
])('a number in range is accepted: %s', (raw, value) => {
  expect(numberBetween('--rate-window', 0.001, 3600)(raw)).toBe(value);
});

test.each(['0', '3600.5', '', 'x', '0x10', 'Infinity', 'NaN', '1,5'])('a number between bounds refuses %j, naming the flag', (raw) => {
  const e = refusal(numberBetween('--rate-window', 0.001, 3600), raw);
  expect(e).toBeInstanceOf(InvalidArgumentError);
  expect(e.message).toBe('--rate-window must be a number from 0.001 to 3600');
});

test('a positive number takes anything above 0 up to its maximum', () => {
  expect(positiveNumber('--deadline', 86_400)('0.25')).toBe(0.25);
  expect(positiveNumber('--deadline', 86_400)('86400')).toBe(86_400);
  expect(positiveNumber('--deadline')('1e9')).toBe(1e9);
});

test.each(['0', '-1', '86401', '', 'soon'])('a positive number refuses %j, naming the flag', (raw) => {
  const e = refusal(positiveNumber('--deadline', 86_400), raw);
  expect(e).toBeInstanceOf(InvalidArgumentError);
  expect(e.message).toBe('--deadline must be a number above 0 and at most 86400');
});

test('a positive number with no maximum says no maximum', () => {
  expect(refusal(positiveNumber('--time-scale'), '0').message).toBe('--time-scale must be a number above 0');
});

test.each([
  ['--interval', '1s', 1000],
  ['--interval', '5m', 300_000],
  ['--interval', '600h', 2_160_000_000],
  ['--interval', '31d', 31 * 86_400_000],
  ['--interval', '30', 30_000],
  ['--deadline', '100ms', 100],
  ['--deadline', '7d', 7 * 86_400_000],
  ['--grace', '0s', 0],
  ['--grace', '1h', 3_600_000],
] as const)('%s %s is %d ms', (flag, raw, ms) => {
  expect(duration(flag)(raw)).toBe(ms);
});

test.each([
  ['--interval', 'often'],
  ['--interval', '999ms'],
  ['--interval', '32d'],
  ['--interval', '99999999999999999999h'],
  ['--deadline', '99ms'],
  ['--deadline', '200h'],
  ['--grace', '2h'],
  ['--grace', '-1s'],
  ['--grace', ''],
] as const)('%s refuses %j, naming the flag and its range', (flag, raw) => {
  const e = refusal(duration(flag), raw);
  expect(e).toBeInstanceOf(InvalidArgumentError);
  expect(e.message).toBe(`${flag} must be a duration from ${DURATION_RANGES[flag].text} (like 30s, 5m, 1h, 2d)`);
});

test('a listen address is HOST:PORT, an IPv6 host in brackets', () => {
  expect(listenAddress('--listen')('127.0.0.1:9464')).toEqual({ host: '127.0.0.1', port: 9464, raw: '127.0.0.1:9464' });
  expect(listenAddress('--listen')('[::1]:0')).toEqual({ host: '::1', port: 0, raw: '[::1]:0' });
  expect(listenAddress('--listen')('localhost:80')).toMatchObject({ host: 'localhost', port: 80 });
});

test.each(['nowhere', '127.0.0.1', '127.0.0.1:99999', ':9464', '::1:9464', '127.0.0.1:94x'])('a listen address refuses %j, naming the flag', (raw) => {
  const e = refusal(listenAddress('--listen'), raw);
  expect(e).toBeInstanceOf(InvalidArgumentError);
  expect(e.message).toBe('--listen must be HOST:PORT like 127.0.0.1:9464');
});

test('the profile and window-kind words are every value of their types', () => {
  expect(PROFILES).toEqual(['smoke', 'full']);
  expect(WINDOW_KINDS).toEqual(['sliding', 'fixed']);
});

test('one of a set of words takes exactly those words', () => {
  expect(oneOf('--profile', PROFILES)('full')).toBe('full');
  for (const raw of ['FULL', 'huge', '', ' smoke']) {
    const e = refusal(oneOf('--profile', PROFILES), raw);
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toBe('--profile must be one of smoke, full');
  }
});

/** Parses `argv` with one option, commander's way; the value, or the error commander ends with. */
function parseWith(option: Option, argv: string[]): { value?: unknown; error?: CommanderError } {
  const program = new Command('t')
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} })
    .addOption(option);
  try {
    program.parse(argv, { from: 'user' });
    return { value: program.opts()[option.attributeName()] };
  } catch (e) {
    return { error: e as CommanderError };
  }
}

test('a choice option lists its words in --help, defaults, and refuses another word naming the flag', () => {
  const option = () => choiceOption('--window-kind <kind>', 'expected window kind', WINDOW_KINDS, 'sliding');
  expect(new Command('t').addOption(option()).helpInformation().replace(/\s+/g, ' ')).toContain('(choices: "sliding", "fixed", default: "sliding")');
  expect(parseWith(option(), []).value).toBe('sliding');
  expect(parseWith(option(), ['--window-kind', 'fixed']).value).toBe('fixed');
  const { error } = parseWith(option(), ['--window-kind', 'rolling']);
  expect(error?.code).toBe('commander.invalidArgument');
  expect(error?.message).toContain('--window-kind must be one of sliding, fixed');
});

test('a word list takes some of its words, comma-separated', () => {
  const stages = wordList('--stages', ['contracts', 'replay', 'load']);
  expect(stages('load, contracts')).toEqual(['load', 'contracts']);
  for (const raw of ['', ',', 'load,nope', 'Load']) {
    const e = refusal(stages, raw);
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toBe('--stages must be a comma-separated list of contracts, replay, load');
  }
});

test('--field collects SchemaName=Value pairs in order; the value may hold = and be empty', () => {
  const collect = fieldCollector('--field');
  const fields = collect('mx_Custom_2=', collect('mx_Custom_1=a=b', collect('mx_Custom_6=200,000', [])));
  expect(fields).toEqual([
    { SchemaName: 'mx_Custom_6', Value: '200,000' },
    { SchemaName: 'mx_Custom_1', Value: 'a=b' },
    { SchemaName: 'mx_Custom_2', Value: '' },
  ]);
});

test('--field collection does not write into the default list it was given', () => {
  const defaults: never[] = [];
  fieldCollector('--field')('a=b', defaults);
  expect(defaults).toEqual([]);
});

test.each(['novalue', '=value', ''])('--field refuses %j, naming the flag', (raw) => {
  const e = refusal((r) => fieldCollector('--field')(r, []), raw);
  expect(e).toBeInstanceOf(InvalidArgumentError);
  expect(e.message).toBe('--field must be SchemaName=Value');
});

test('a host URL is https, or http to loopback, in normal form', () => {
  expect(hostUrl('--provider-url')('http://127.1:8080/')).toBe('http://127.0.0.1:8080');
  expect(hostUrl('--provider-url')('https://asyncapi-in21.leadsquared.com')).toBe('https://asyncapi-in21.leadsquared.com');
});

test.each(['http://127.0.0.1.nip.io', 'http://127.attacker.example', 'ftp://x', 'not a url', '', 'https://u:p@host.example'])(
  'a host URL refuses %j as a bad setting naming the flag',
  (raw) => {
    const e = refusal(hostUrl('--provider-url'), raw);
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).setting).toBe('--provider-url');
    expect(e.message).toContain('--provider-url');
  },
);

test('a secure URL is kept as given; http only to loopback; empty means none', () => {
  expect(secureUrl('--prometheus-rw')('https://prom.example/api/v1/write')).toBe('https://prom.example/api/v1/write');
  expect(secureUrl('--prometheus-rw')('http://127.0.0.1:9090/api/v1/write')).toBe('http://127.0.0.1:9090/api/v1/write');
  expect(secureUrl('--prometheus-rw')('')).toBe('');
});

test.each(['http://metrics.example/api/v1/write', 'http://127.0.0.1.nip.io/api/v1/write', 'ftp://127.0.0.1/', 'prom:9090'])(
  'a secure URL refuses %j as a bad setting naming the flag',
  (raw) => {
    const e = refusal(secureUrl('--prometheus-rw'), raw);
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toContain('bad setting --prometheus-rw:');
  },
);

test('a URL that does not parse is refused without echoing a password in it', () => {
  const e = refusal(secureUrl('--prometheus-rw'), 'https://user:pw-value@[bad');
  expect(e.message).not.toContain('pw-value');
});

test('a Pushgateway URL goes through the Pushgateway rule; empty means none', () => {
  expect(pushgatewayUrl('--pushgateway')('http://pushgateway:9091')).toBe('http://pushgateway:9091/');
  expect(pushgatewayUrl('--pushgateway')('')).toBe('');
  const e = refusal(pushgatewayUrl('--pushgateway'), 'ftp://gateway');
  expect(e).toBeInstanceOf(ConfigError);
  expect(e.message).toContain('bad setting --pushgateway:');
});

test('a typed default is parsed like a typed value and shown in --help as typed', () => {
  const option = () => typedDefault(new Option('--grace <duration>', 'grace'), duration('--grace'), '10s');
  expect(new Command('t').addOption(option()).helpInformation()).toContain('(default: "10s")');
  expect(parseWith(option(), []).value).toBe(10_000);
  expect(parseWith(option(), ['--grace', '2s']).value).toBe(2000);
  expect(() => typedDefault(new Option('--grace <duration>', 'grace'), duration('--grace'), '2h')).toThrow(/--grace/);
});

test.each([
  [['sandbox', '--port', '1e3'], '--port must be a whole number'],
  [['monitor', '--cycles', '0x10'], '--cycles must be a whole number'],
  [['monitor', '--once', '--interval', '600d'], '--interval must be a duration from 1s to 31d'],
  [['update', '--opportunity', 'x', '--field', 'a=b', '--deadline', '86401'], '--deadline must be a number above 0 and at most 86400'],
  [['record', '--scenario', 'x', '--time-scale', '0'], '--time-scale must be a number above 0 and at most 10000'],
  [['gate', '--profile', 'huge'], '--profile must be one of smoke, full'],
  [['load', '--prometheus-rw', 'http://metrics.example/api/v1/write'], 'bad setting --prometheus-rw:'],
  // A subcommand's subcommand: commander exited 1 by itself here before.
  [['slo', 'generate', '--time-scale', '0', '--stdout'], '--time-scale must be a number from 1 to 100000'],
  [['slo', 'generate', '--frobnicate'], '--frobnicate'],
])('lsq-harness %j exits 2 with a message naming the flag', async (argv, message) => {
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  expect(await main(argv)).toBe(2);
  expect(stderr).toContain(message);
});
