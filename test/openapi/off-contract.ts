// The shipped cassettes whose recorded answers break the committed OpenAPI document on purpose;
// test/openapi/cassettes.test.ts checks that each still does and that no other one does.

/** Off the document on purpose: cassette → why. Only the first answer that breaks it is named. */
export const OFF_CONTRACT: Record<string, string> = {
  'bad-gateway-html-then-success': 'a gateway 502 in HTML: no status LeadSquared documents',
  'connection-reset-then-success': 'no HTTP answer at all (status 0)',
  'content-type-missing': 'drift: a 200 without Content-Type (content-type.not-json)',
  'empty-body': 'drift: a 200 with no body',
  'message-double-encoded': 'drift: Message encoded twice (status.message.double-encoded)',
  'message-empty-string': 'drift: Success with an empty Message (status.message.missing-on-success)',
  'message-not-json-text': 'drift: Message is text, not JSON (status.message.not-json)',
  'message-plain-object': 'drift: Message as an object, as the page claims (status.message.object)',
  'not-found': 'a 404 from the host\'s framework ({"Message":…}), not the envelope; read as NotFoundError',
  'request-body-with-bom': 'tolerated: RequestBody starts with a byte order mark; the decoder strips it, JSON does not allow it',
  'status-body-with-bom': 'tolerated: the whole body starts with a byte order mark; the client strips it',
  'status-word-failed': 'drift: an undocumented status word (decision 005)',
  'status-word-missing': 'drift: no status word (status.status.missing)',
  'status-word-processing': 'drift: an undocumented status word (decision 005)',
  'status-word-queued': 'drift: an undocumented status word (decision 005)',
  'status-word-unknown': 'drift: an unknown status word',
  'status-word-upper-success': "tolerated: SUCCESS, a documented word in another letter case; the enum holds the page's spelling",
  'task-status-missing': 'drift: no TaskStatus',
  'truncated-json': 'a body cut off mid-JSON',
  'unauthorized-html-gateway': 'a gateway 401 in HTML, not the envelope',
  'update-accepted-without-request-id': 'drift: accepted without a RequestID',
  'wrong-content-type': 'drift: a 200 in text/html',
};
