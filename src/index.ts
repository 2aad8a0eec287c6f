// The package's main entry, `import … from 'lsq-harness'`: the typed client and the contract, for a
// user's own tests and tools. Named one by one (no `export *`), so that what the package promises is
// this list, and a helper added inside src/client or src/contract does not become public by accident.
// The sandbox, the Pact helpers and the msw handlers have entries of their own (lsq-harness/sandbox,
// lsq-harness/pact, lsq-harness/msw), so importing the client loads none of them.

// The client: submit an update, read its status, wait for it to finish.
export { LsqClient } from './client/client.ts';
export type { CallEvent, CallOptions, ClientOptions, Credentials, StatusResult, SubmitOptions, SubmitResult } from './client/client.ts';
export { backoffSchedule, waitForCompletion } from './client/wait.ts';
export type { PollSchedule, WaitOptions, WaitResult } from './client/wait.ts';
export { LEADSQUARED_DEFAULT_LIMIT } from './timing/rate-limiter.ts';
export type { RateLimitSettings, WindowKind } from './timing/rate-limiter.ts';
export type { Clock } from './timing/clock.ts';

// Its typed errors: one class per way a call can fail.
export {
  BadRequestError,
  ContractViolationError,
  LsqError,
  LsqHttpError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  RequestShapeError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from './client/errors.ts';
export type { Endpoint, LsqErrorDetails } from './client/errors.ts';

// Secrets out of a user's own log lines: the client registers its credentials; redact() masks them.
export { REDACTED, redact, redactUrl, registerSecret } from './client/redact.ts';

// The contract: the shapes, the status words and the states they mean.
export {
  ErrorEnvelopeSchema,
  FieldSchema,
  StatusResponseSchema,
  SuccessMessageSchema,
  TaskStatusSchema,
  UpdateAcceptedSchema,
  UpdateRequestSchema,
  UUID_PATTERN,
} from './contract/schemas.ts';
export type { ErrorEnvelope, Field, StatusResponse, UpdateAccepted, UpdateRequest } from './contract/schemas.ts';
export {
  ACCEPTED_STATUS_TEXT,
  DEFAULT_STATUS_PATH,
  DEFAULT_UPDATE_PATH,
  DOCUMENTED_STATUS_WORDS,
  RATE_LIMIT_MESSAGE_PATTERN,
  SUCCESS_STATUS_REASON,
  TASK_STATES,
  TASK_STEPS,
  TASK_TYPE_OPPORTUNITY_UPDATE,
  classifyStatusWord,
  classifyTask,
  isDocumentedStatusWord,
  isTerminal,
  rateLimitMessage,
} from './contract/status-words.ts';
export type { ExtraStatusWord, TaskState } from './contract/status-words.ts';

// Reading a body against the contract: what it says, and every way it breaks the contract.
export { parseStatusBody } from './contract/parse-status.ts';
export type { ParsedStatus, StatusExpectations, StatusParseOptions } from './contract/parse-status.ts';
export { parseAcceptedBody, parseErrorEnvelope } from './contract/parse-other.ts';
export type { ParsedAccepted, ParsedError } from './contract/parse-other.ts';
export { decodeEmbeddedJson } from './contract/decode.ts';
export type { DecodedEmbedded, EmbeddedForm } from './contract/decode.ts';
export { VIOLATION_RULES } from './contract/violations.ts';
export type { ContractViolation, ViolationRule } from './contract/violations.ts';

// The seed pages' example payloads, for a user's own fixtures.
export { exampleErrorEnvelope, exampleStatusSuccess, exampleUpdateAccepted, exampleUpdateRequest } from './contract/examples.ts';
