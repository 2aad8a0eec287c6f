// The committed OpenAPI document: it is what the generator writes, a real validator accepts it, and
// what it says is faithful to the contract (case-insensitive ids, the four words, the embedded
// strings, the link, every guess marked and explained).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { expect, test } from 'vitest';
import { DOCUMENTED_STATUS_WORDS, UUID_PATTERN } from '../../src/contract/index.ts';
import { buildOpenApiDocument, caseInsensitivePattern, COMMITTED_OPENAPI_FILE, renderOpenApiYaml } from '../../src/openapi/index.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const committed = readFileSync(join(ROOT, 'contracts/openapi/lsq-async-api.yaml'), 'utf8');
// The parts of the document these tests read: the YAML is read as this shape, and the assertions check it.
type ErrorCode = '400' | '401' | '404' | '429' | '500';
interface JsonContent {
  'application/json': { schema: { $ref: string }; examples: { enterprise: { value: unknown } } };
}
interface Operation {
  operationId: string;
  security: unknown;
  responses: Record<ErrorCode, { description: string; content: JsonContent }> & {
    '200': { description?: string; links: { GetUpdateStatus: unknown } };
  };
}
interface OpenApiDocument {
  openapi: string;
  paths: {
    '/opportunity/update': { post: Operation };
    '/opportunity/update/status': { description: string; get: Operation };
  };
  components: {
    securitySchemes: Record<string, unknown>;
    schemas: {
      UpdateRequest: object;
      RateLimitEnvelope: object;
      StatusResponse: { properties: { TaskStatus: { properties: { Status: { enum: string[] }; Message: unknown; RequestBody: unknown } } } };
    };
  };
}
const doc = parse(committed) as OpenApiDocument;

test('the committed document is exactly what the generator writes (run `lsq-harness openapi > contracts/openapi/lsq-async-api.yaml`)', () => {
  expect(COMMITTED_OPENAPI_FILE).toBe(join(ROOT, 'contracts/openapi/lsq-async-api.yaml'));
  expect(committed).toBe(renderOpenApiYaml());
});

test('@readme/openapi-parser validates the document as OpenAPI 3.1', async () => {
  const result = await validate(structuredClone(doc) as never);
  expect(result.valid, JSON.stringify(result)).toBe(true);
  expect(doc.openapi).toBe('3.1.0');
});

test('the validator is not a rubber stamp: a response without a description is refused', async () => {
  const broken = structuredClone(doc);
  delete broken.paths['/opportunity/update'].post.responses['200'].description;
  expect((await validate(broken as never)).valid).toBe(false);
});

test('ids are case-insensitive in the document as in the contract (the /i flag is spelled out)', () => {
  const ajv = new Ajv2020({ strict: false });
  const request = ajv.compile(doc.components.schemas.UpdateRequest);
  const fields = [{ SchemaName: 'mx_Custom_6', Value: '1' }];
  expect(request({ ProspectOpportunityId: '5CA5B042-51EA-4699-B6F0-84C40AB12770', Fields: fields })).toBe(true);
  expect(request({ ProspectOpportunityId: '5ca5b042-51ea-4699-b6f0-84c40ab12770', Fields: fields })).toBe(true);
  expect(request({ ProspectOpportunityId: '5ca5b042-51ea-4699-b6f0-84c40ab1277g', Fields: fields })).toBe(false);
  expect(request({ ProspectOpportunityId: '5ca5b042-51ea-4699-b6f0-84c40ab12770', Fields: [] })).toBe(false);
});

test('a case-insensitive pattern matches what the /i regex matches, and refuses what it cannot rewrite', () => {
  const wide = new RegExp(caseInsensitivePattern(UUID_PATTERN.source));
  for (const id of ['5ebec781-c325-41f0-914e-9692301a2515', '5EBEC781-C325-41F0-914E-9692301A2515', 'x', '5ebec781c32541f0914e9692301a2515']) {
    expect(wide.test(id), id).toBe(UUID_PATTERN.test(id));
  }
  expect(caseInsensitivePattern('^ab[c-e]\\d$')).toBe('^[aA][bB][c-eC-E]\\d$');
  expect(() => caseInsensitivePattern('\\p{L}')).toThrow(/cannot/);
  expect(() => caseInsensitivePattern('[A-z]')).toThrow(/cannot/);
});

test('the status words are the four documented ones, and Message and RequestBody are JSON strings with their decoded schemas', () => {
  const task = doc.components.schemas.StatusResponse.properties.TaskStatus.properties;
  expect(task.Status.enum).toEqual([...DOCUMENTED_STATUS_WORDS]);
  expect(task.Message).toMatchObject({
    type: ['string', 'null'],
    contentMediaType: 'application/json',
    contentSchema: { $ref: '#/components/schemas/SuccessMessage' },
  });
  expect(task.RequestBody).toMatchObject({
    type: 'string',
    contentMediaType: 'application/json',
    contentSchema: { $ref: '#/components/schemas/UpdateRequest' },
  });
});

test('every documented error code answers with the envelope, and the 429 carries the documented text', () => {
  for (const [path, method, operation] of [
    ['/opportunity/update', 'post', doc.paths['/opportunity/update'].post],
    ['/opportunity/update/status', 'get', doc.paths['/opportunity/update/status'].get],
  ] as const) {
    const responses = operation.responses;
    for (const code of ['400', '401', '404', '429', '500'] as const)
      expect(responses[code].content['application/json'].schema.$ref, `${method} ${path} ${code}`).toMatch(/Envelope$/);
    const ajv = new Ajv2020({ strict: false });
    const rateLimited = ajv.compile(doc.components.schemas.RateLimitEnvelope);
    expect(rateLimited(responses['429'].content['application/json'].examples.enterprise.value)).toBe(true);
    expect(rateLimited({ Status: 'Error', ExceptionType: 'X', ExceptionMessage: 'slow down' })).toBe(false);
  }
});

test('the accepted RequestID links to the status call', () => {
  const link = doc.paths['/opportunity/update'].post.responses['200'].links.GetUpdateStatus;
  expect(link).toMatchObject({ operationId: 'getUpdateStatus', parameters: { RequestID: '$response.body#/RequestID' } });
  expect(doc.paths['/opportunity/update/status'].get.operationId).toBe('getUpdateStatus');
});

test('every guess is marked x-lsq-guess and explained, and the status path, unknown id and plan limits are among them', () => {
  const guesses: string[] = [];
  const walk = (node: unknown, at: string) => {
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o['x-lsq-guess'] === true) {
      guesses.push(at);
      expect(String(o.description ?? ''), at).toMatch(/\w{3,}/);
    }
    for (const [k, v] of Object.entries(o)) walk(v, `${at}/${k}`);
  };
  walk(doc, '#');
  expect(guesses).toEqual(
    expect.arrayContaining([
      '#/paths//opportunity/update/status',
      '#/paths//opportunity/update/status/get/responses/400',
      '#/paths//opportunity/update/post/responses/429',
    ]),
  );
  expect(doc.paths['/opportunity/update/status'].description).toMatch(/guess/);
  expect(doc.paths['/opportunity/update'].post.responses['429'].description).toMatch(/Standard 15, Pro 5, Lite 2/);
});

test('credentials are security schemes, never parameters', () => {
  expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['AccessKey', 'AccessKeyHeader', 'ApiKey', 'SecretKey', 'SecretKeyHeader']);
  expect(doc.paths['/opportunity/update/status'].get.security).toEqual([{ ApiKey: [] }]);
  const names = JSON.stringify(doc.paths).match(/"name":"(accessKey|secretKey|x-api-key)"/gi);
  expect(names).toBeNull();
});

test('a configured status path is not marked a guess', () => {
  const custom = buildOpenApiDocument({ statusPath: '/v2/status' }) as { paths: Record<string, { 'x-lsq-guess'?: boolean }> };
  expect(custom.paths['/v2/status']!['x-lsq-guess']).toBeUndefined();
  expect(custom.paths['/opportunity/update/status']).toBeUndefined();
});
