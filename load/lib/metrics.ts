// The load suite's own metrics (prefix lsq_). Every response adds to sent, admitted and refused (0 or 1),
// so each tagged sub-metric has samples even when nothing was refused: a count threshold on a metric
// without samples would say nothing about a part that never ran.
import { Counter, Rate, Trend } from 'k6/metrics';

export const sent = new Counter('lsq_sent');
export const admitted = new Counter('lsq_admitted');
export const refused = new Counter('lsq_refused');
/** Neither admitted nor a 429 (a 5xx, a transport error, a body off the contract): never expected. */
export const unexpected = new Rate('lsq_unexpected');
/** Of the 429s, those carrying LeadSquared's error envelope and the limit's own message. */
export const refusalMessageOk = new Rate('lsq_refusal_message_ok');
/** How late a request left against its slot in the arrival schedule. */
export const sendLag = new Trend('lsq_send_lag', true);
