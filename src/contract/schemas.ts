// The shapes of the async Update an Opportunity API and its Status API, written once (zod).
// The client validates what it sends and receives with these; the sandbox validates requests with
// the same schema; the monitor reports every mismatch as a contract violation.
import { z } from 'zod';

/** uuid-shaped, any case (LeadSquared ids are lower case, but upper case must not be refused). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const FieldSchema = z.object({
  SchemaName: z.string().min(1, 'SchemaName must be a non-empty string'),
  Value: z.string({ error: 'Value must be a string' }),
});

export const UpdateRequestSchema = z.object({
  ProspectOpportunityId: z.string().regex(UUID_PATTERN, 'ProspectOpportunityId must be uuid-shaped'),
  OpportunityNote: z.string().optional(),
  Fields: z.array(FieldSchema).min(1, 'Fields must hold at least one {SchemaName, Value}'),
});
export type UpdateRequest = z.infer<typeof UpdateRequestSchema>;
export type Field = z.infer<typeof FieldSchema>;

export const UpdateAcceptedSchema = z.looseObject({
  Status: z.string(),
  RequestID: z.string().min(1),
});
export type UpdateAccepted = z.infer<typeof UpdateAcceptedSchema>;

export const TaskStatusSchema = z.looseObject({
  TaskType: z.string().nullish(),
  Status: z.string(),
  StatusReason: z.string().nullish(),
  TaskCurrentStep: z.string().nullish(),
  TaskLastStep: z.string().nullish(),
  RequestBody: z.unknown(),
  Message: z.unknown(),
});

/** The status response; the id key is `RequestID` on the update pages and `RequestId` on sibling pages. */
export const StatusResponseSchema = z.looseObject({
  RequestID: z.string().optional(),
  RequestId: z.string().optional(),
  TaskStatus: TaskStatusSchema,
});
export type StatusResponse = z.infer<typeof StatusResponseSchema>;

/** LeadSquared's general error envelope (500s carry it, 400s usually do). */
export const ErrorEnvelopeSchema = z.looseObject({
  Status: z.literal('Error'),
  ExceptionType: z.string(),
  ExceptionMessage: z.string(),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/** The success payload inside `Message` (the synchronous API's response, stringified). */
export const SuccessMessageSchema = z.looseObject({
  Status: z.string(),
  Message: z.looseObject({ Id: z.string().min(1) }),
});
