// The document's component schemas, each zod's JSON Schema of a contract shape (json-schema.ts). Where
// the document says more than the parser's lenient schema, it says it with the contract's own values:
// the four documented status words as an enum, Message and RequestBody as JSON-encoded strings whose
// decoded shape is the contract's success message and update request (contentMediaType/contentSchema),
// and the 429's text as the contract's pattern. Nothing here restates a field by hand.
import { z } from 'zod';
import {
  DOCUMENTED_STATUS_WORDS,
  ErrorEnvelopeSchema,
  RATE_LIMIT_MESSAGE_PATTERN,
  StatusResponseSchema,
  SuccessMessageSchema,
  TaskStatusSchema,
  UpdateAcceptedSchema,
  UpdateRequestSchema,
} from '../contract/index.ts';
import { jsonSchemaOf, type JsonSchema } from './json-schema.ts';

export const COMPONENT_NAMES = ['UpdateRequest', 'UpdateAccepted', 'StatusResponse', 'SuccessMessage', 'ErrorEnvelope', 'RateLimitEnvelope'] as const;
export type ComponentName = (typeof COMPONENT_NAMES)[number];

export const ref = (name: ComponentName): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });

const embeddedJson = (of: ComponentName, description: string): Record<string, unknown> => ({
  contentMediaType: 'application/json',
  contentSchema: ref(of),
  description,
});

const StatusDocSchema = StatusResponseSchema.extend({
  TaskStatus: TaskStatusSchema.extend({
    Status: z.enum(DOCUMENTED_STATUS_WORDS).meta({
      description:
        'One of the four words LeadSquared documents. The harness compares them in any letter case; any other word is drift (decision 005), reported as a contract violation.',
    }),
    RequestBody: z
      .string()
      .meta(
        embeddedJson(
          'UpdateRequest',
          'The update body exactly as it was sent, as a JSON string (whitespace, \\r\\n and \\t kept). Documented as an Object; sent as a string.',
        ),
      ),
    Message: z
      .string()
      .nullable()
      .meta(
        embeddedJson(
          'SuccessMessage',
          'On Success: the synchronous API\'s answer as a JSON string, e.g. {"Status":"Success","Message":{"Id":"<opportunity id>"}}; null otherwise. Documented as an Object.',
        ),
      ),
  }),
});

const RateLimitEnvelopeSchema = ErrorEnvelopeSchema.extend({
  ExceptionMessage: z.string().regex(RATE_LIMIT_MESSAGE_PATTERN).meta({
    description: 'LeadSquared\'s documented text, "API calls exceeded the limit of N in S second(s)", with the plan\'s limit and window.',
  }),
});

const COMPONENTS: Record<ComponentName, readonly [z.ZodType, 'input' | 'output', string]> = {
  UpdateRequest: [UpdateRequestSchema, 'input', 'The update an opportunity request body (Content-Type application/json).'],
  UpdateAccepted: [UpdateAcceptedSchema, 'output', 'The update was queued; RequestID is what the status call takes.'],
  StatusResponse: [
    StatusDocSchema,
    'output',
    'The status of an update request. The id key is RequestID on the update pages, RequestId on sibling pages: either is accepted.',
  ],
  SuccessMessage: [SuccessMessageSchema, 'output', 'The decoded Message of a Success: the synchronous Update an Opportunity answer.'],
  ErrorEnvelope: [ErrorEnvelopeSchema, 'output', "LeadSquared's general error envelope (500s carry it, 400s usually do)."],
  RateLimitEnvelope: [RateLimitEnvelopeSchema, 'output', 'The error envelope of a 429, carrying the documented text.'],
};

/** Every component schema, in a fixed order. */
export function componentSchemas(): Record<ComponentName, JsonSchema> {
  const out = {} as Record<ComponentName, JsonSchema>;
  for (const name of COMPONENT_NAMES) {
    const [schema, io, description] = COMPONENTS[name];
    out[name] = { description, ...jsonSchemaOf(schema, io) };
  }
  return out;
}
