// The update's accepted answer, {"Status":"Request accepted. …","RequestID":"<id>"}: a prefix and a
// suffix made once around the id's 36 characters, and its headers as a constant list, so per call
// nothing is formatted but the id. Written as one string in latin1 (one byte per character, a copy),
// which Node sends in one write together with the head; a prebuilt Buffer per answer measured slower
// (Node then writes the head and the body as two chunks; BENCHMARKS.md P1). The bytes are exactly those
// of JSON.stringify({ Status: ACCEPTED_STATUS_TEXT, RequestID: id }) sent by sendJsonText.
import { isAscii } from 'node:buffer';
import type { ServerResponse } from 'node:http';
import { ACCEPTED_STATUS_TEXT } from '../contract/index.ts';
import { uuidText } from './uuid-words.ts';

const PLACEHOLDER = '00000000-0000-0000-0000-000000000000';
const TEMPLATE = JSON.stringify({ Status: ACCEPTED_STATUS_TEXT, RequestID: PLACEHOLDER });
const PREFIX = TEMPLATE.slice(0, TEMPLATE.indexOf(PLACEHOLDER));
const SUFFIX = TEMPLATE.slice(TEMPLATE.indexOf(PLACEHOLDER) + PLACEHOLDER.length);
/** latin1 writes a character as one byte, UTF-8's byte for ASCII; were the text ever not ASCII, UTF-8. */
const ENCODING: BufferEncoding = isAscii(Buffer.from(TEMPLATE)) ? 'latin1' : 'utf8';
/** sendJsonText's headers for this body, in its order, as the flat list writeHead reads without walking keys. */
const HEADERS: readonly string[] = ['content-type', 'application/json; charset=utf-8', 'content-length', String(Buffer.byteLength(TEMPLATE))];

/** The accepted answer's text for the minted id in words[at] … words[at + 3] (SeededRandom.uuidWords). */
export function acceptedText(words: Uint32Array, at: number): string {
  return PREFIX + uuidText(words, at) + SUFFIX;
}

/** Answers 200 with an acceptedText: the same status line, headers and bytes as sendJsonText. */
export function sendAccepted(res: ServerResponse, text: string): void {
  res.writeHead(200, HEADERS as string[]);
  res.end(text, ENCODING);
}
