// The update's accepted answer is written from a prefix and a suffix around the RequestID, with
// constant headers and in latin1 (src/sandbox/accepted-body.ts), and the id is drawn as words
// (SeededRandom.uuidWords). What goes on the wire must be exactly what the sandbox wrote before:
// JSON.stringify of the answer, sent by sendJsonText.
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { expect, test } from 'vitest';
import { ACCEPTED_STATUS_TEXT } from '../../src/contract/index.ts';
import { acceptedText, sendAccepted } from '../../src/sandbox/accepted-body.ts';
import { sendJsonText } from '../../src/sandbox/envelope.ts';
import { SeededRandom } from '../../src/sandbox/random.ts';
import { readUuidWords, uuidText } from '../../src/sandbox/uuid-words.ts';

/** The accepted answer as the sandbox first wrote it. */
const formatted = (id: string) => JSON.stringify({ Status: ACCEPTED_STATUS_TEXT, RequestID: id });

test('the text equals the formatted answer for 20,000 minted ids and the extreme ones, and is ASCII', () => {
  const random = new SeededRandom(7);
  const words = new Uint32Array(8);
  for (let i = 0; i < 20_000; i++) {
    random.uuidWords(words, 4);
    expect(acceptedText(words, 4)).toBe(formatted(uuidText(words, 4)));
  }
  for (const word of [0, 0xffffffff, 0x0f0f0f0f, 0xa0000009]) {
    words.fill(word);
    const text = acceptedText(words, 0);
    expect(text).toBe(formatted(uuidText(words, 0)));
    expect(Buffer.from(text, 'latin1').equals(Buffer.from(text, 'utf8'))).toBe(true);
  }
});

test('uuidWords draws the words of uuid() for the same seed, and leaves the generator where uuid() does', () => {
  for (const seed of [0, 1, 42, 2 ** 32 - 1]) {
    const byWords = new SeededRandom(seed);
    const byText = new SeededRandom(seed);
    const words = new Uint32Array(4);
    const parsed = new Uint32Array(4);
    for (let i = 0; i < 3000; i++) {
      if (i % 4 === 0) expect(byWords.next()).toBe(byText.next());
      byWords.uuidWords(words, 0);
      expect(readUuidWords(byText.uuid(), parsed, 0)).toBe(true);
      expect([...words]).toEqual([...parsed]);
    }
  }
});

/** The raw bytes of one answer written by `answer`, the Date header's value masked. */
async function rawAnswer(answer: (res: ServerResponse) => void): Promise<string> {
  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    req.resume();
    answer(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    socket.write('POST /opportunity/update HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\n\r\n');
    let raw = '';
    for await (const chunk of socket) {
      raw += (chunk as Buffer).toString('latin1');
      if (raw.includes('"}')) break;
    }
    socket.destroy();
    return raw.replace(/\r\nDate: [^\r]*\r\n/, '\r\nDate: -\r\n');
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

test('on the wire: the status line, headers and body sendJsonText wrote for the formatted answer', async () => {
  const words = new Uint32Array(4);
  new SeededRandom(42).uuidWords(words, 0);
  const before = await rawAnswer((res) => sendJsonText(res, 200, formatted(uuidText(words, 0))));
  const now = await rawAnswer((res) => sendAccepted(res, acceptedText(words, 0)));
  expect(now).toBe(before);
  expect(now).toMatch(/^HTTP\/1\.1 200 OK\r\ncontent-type: application\/json; charset=utf-8\r\ncontent-length: \d+\r\nDate: -\r\n/);
});
