// The two calls under test and how an answer is classified: admitted, refused (429) or unexpected.
// Credentials travel in the query string (as LeadSquared's async page shows) or in x-LSQ-* headers; every
// request carries a fixed `name` tag and the `url` system tag is switched off (options.ts), so the
// secrets in the URL never reach a metric, a summary or a remote-write sample.
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { ACCEPTED_STATUS_TEXT, rateLimitMessage } from '../../src/contract/status-words.ts';
import type { Endpoint } from './plan.ts';
import type { LoadSettings } from './settings.ts';

export type Outcome = 'admitted' | 'refused' | 'unexpected';

export interface Answer {
  outcome: Outcome;
  status: number;
  /** For a 429: whether it carried LeadSquared's envelope and message. */
  messageOk: boolean | null;
  /** For a 429: its body, for the limit and window it states. */
  refusalText?: string;
}

const RATE_LIMIT_EXCEPTION = 'MXAPIRateLimitExceededException';

export function send(s: LoadSettings, endpoint: Endpoint, refusalExpected: boolean, tags: Record<string, string>): Answer {
  // Declares which statuses are a normal answer for this part; a 429 where none is expected is then
  // also an http_req_failed sample.
  const okStatuses = endpoint === 'update' ? [200] : [200, 400];
  const responseCallback = http.expectedStatuses(...(refusalExpected ? [...okStatuses, 429] : okStatuses));
  const headers: Record<string, string> = { 'x-api-key': s.apiKey };
  const params = { headers, tags: { ...tags, name: endpoint }, responseCallback, timeout: '10s' };
  let res: RefinedResponse<ResponseType | undefined>;
  if (endpoint === 'update') {
    let url = `${s.targetUrl}${s.updatePath}`;
    if (s.credentialsIn === 'query') url += `?accessKey=${encodeURIComponent(s.accessKey)}&secretKey=${encodeURIComponent(s.secretKey)}`;
    else Object.assign(headers, { 'x-LSQ-AccessKey': s.accessKey, 'x-LSQ-SecretKey': s.secretKey });
    headers['content-type'] = 'application/json';
    const body = JSON.stringify({
      ProspectOpportunityId: s.opportunityId,
      OpportunityNote: 'lsq-harness load test',
      Fields: [{ SchemaName: 'mx_Custom_1', Value: 'load test' }],
    });
    res = http.post(url, body, params);
  } else {
    res = http.get(`${s.targetUrl}${s.statusPath}?RequestID=${encodeURIComponent(s.statusRequestId)}`, params);
  }
  return classify(s, endpoint, res.status, typeof res.body === 'string' ? res.body : '');
}

function parse(body: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(body);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function classify(s: Pick<LoadSettings, 'limit' | 'windowMs'>, endpoint: Endpoint, status: number, body: string): Answer {
  const json = parse(body);
  if (status === 429) {
    const messageOk =
      json !== null &&
      json.Status === 'Error' &&
      json.ExceptionType === RATE_LIMIT_EXCEPTION &&
      json.ExceptionMessage === rateLimitMessage(s.limit, s.windowMs / 1000);
    return { outcome: 'refused', status, messageOk, refusalText: body };
  }
  if (endpoint === 'update' && status === 200 && json?.Status === ACCEPTED_STATUS_TEXT && typeof json.RequestID === 'string') {
    return { outcome: 'admitted', status, messageOk: null };
  }
  // A status call for an unknown RequestID is answered 400 with the envelope: it passed the limiter.
  if (endpoint === 'status' && (status === 200 || (status === 400 && json?.Status === 'Error'))) {
    return { outcome: 'admitted', status, messageOk: null };
  }
  return { outcome: 'unexpected', status, messageOk: null };
}
