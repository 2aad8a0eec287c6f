// Open-loop load at a fixed arrival rate (default 2,000 requests/s for 10 s) against one URL, for the
// throughput benchmark's latency check: p99 at that rate. Target, method, body and headers come from
// the environment; the summary goes to SUMMARY_FILE as JSON.
import http from 'k6/http';

const rate = Number(__ENV.RATE || 2000);
export const options = {
  discardResponseBodies: true,
  summaryTrendStats: ['avg', 'p(50)', 'p(95)', 'p(99)', 'max'],
  scenarios: {
    constant: { executor: 'constant-arrival-rate', rate, timeUnit: '1s', duration: __ENV.DURATION || '10s', preAllocatedVUs: 50, maxVUs: 400 },
  },
};

const params = { headers: JSON.parse(__ENV.HEADERS || '{}') };
export default function () {
  if (__ENV.METHOD === 'POST') http.post(__ENV.URL, __ENV.BODY, params);
  else http.get(__ENV.URL, params);
}

export function handleSummary(data) {
  return { [__ENV.SUMMARY_FILE]: JSON.stringify(data) };
}
