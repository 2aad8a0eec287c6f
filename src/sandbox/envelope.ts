// Every refusal the sandbox sends is LeadSquared's error envelope, with the HTTP status the docs list.
import type { ServerResponse } from 'node:http';
import type { DriftMode } from './settings.ts';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** A body already written as JSON text. */
export function sendJsonText(res: ServerResponse, status: number, text: string, headers?: Record<string, string>): void {
  const head = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) };
  res.writeHead(status, headers ? { ...head, ...headers } : head);
  res.end(text);
}

export function envelope(exceptionType: string, exceptionMessage: string, drift: readonly DriftMode[] = []): Record<string, string> {
  if (drift.includes('error-envelope-renamed')) return { Status: 'Error', ErrorType: exceptionType, ErrorMessage: exceptionMessage };
  return { Status: 'Error', ExceptionType: exceptionType, ExceptionMessage: exceptionMessage };
}

export function sendError(
  res: ServerResponse,
  status: number,
  exceptionType: string,
  message: string,
  drift: readonly DriftMode[] = [],
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, envelope(exceptionType, message, drift), headers);
}

/** Exception types the sandbox uses (LeadSquared's naming style; the exact names are guesses). */
export const EXCEPTIONS = {
  badRequest: 'MXInvalidRequestException',
  unauthorized: 'MXUnAuthorizedAccessException',
  notFound: 'MXAPINotFoundException',
  methodNotAllowed: 'MXMethodNotAllowedException',
  tooLarge: 'MXRequestEntityTooLargeException',
  rateLimited: 'MXAPIRateLimitExceededException',
  unknownRequest: 'MXInvalidRequestIdException',
  internal: 'MXInternalServerErrorException',
  /** The admin endpoint's refusals (not a LeadSquared name: the admin endpoint is the sandbox's own). */
  forbidden: 'MXAccessDeniedException',
} as const;
