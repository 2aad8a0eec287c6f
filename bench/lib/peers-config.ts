// The peers set up to answer like the sandbox: the same two endpoints, the same credentials checks and
// the same bodies, taken from the sandbox's own answers at the start of the run.
// - WireMock: two stub mappings that match path, method, x-api-key, accessKey/secretKey and the body's
//   shape; the update answer mints a RequestID per call (response templating), the status answer echoes
//   the RequestID asked for.
// - Prism: our generated OpenAPI document (contracts/openapi/), whose 200 examples are replaced by the
//   sandbox's bodies; Prism checks the security schemes and the request against it and serves the example.
// - The bare node:http handler: the same bytes, no checks (bench/servers/bare-two-bodies.ts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const ROOT = new URL('../..', import.meta.url).pathname;

export interface PeerBodies {
  /** The sandbox's accepted answer (any RequestID). */
  accepted: { Status: string; RequestID: string };
  /** The sandbox's status answer for a finished update. */
  status: Record<string, unknown> & { RequestID: string };
}

export interface PeerApi {
  updatePath: string;
  statusPath: string;
  credentials: { accessKey: string; secretKey: string; apiKey: string };
}

/** Writes WireMock's root folder (mappings/) under `dir`; returns it. */
export function writeWireMockRoot(dir: string, api: PeerApi, bodies: PeerBodies): string {
  const root = join(dir, 'wiremock');
  mkdirSync(join(root, 'mappings'), { recursive: true });
  mkdirSync(join(root, '__files'), { recursive: true });
  const headers = { 'Content-Type': 'application/json; charset=utf-8' };
  const template = (body: Record<string, unknown>, id: string) => JSON.stringify({ ...body, RequestID: '@@ID@@' }).replace('"@@ID@@"', `"${id}"`);
  const update = {
    request: {
      method: 'POST',
      urlPath: api.updatePath,
      queryParameters: { accessKey: { equalTo: api.credentials.accessKey }, secretKey: { equalTo: api.credentials.secretKey } },
      headers: { 'x-api-key': { equalTo: api.credentials.apiKey }, 'Content-Type': { matches: '^application/json.*' } },
      bodyPatterns: [{ matchesJsonPath: '$.ProspectOpportunityId' }, { matchesJsonPath: '$.Fields[0].SchemaName' }],
    },
    response: { status: 200, headers, body: template(bodies.accepted, "{{randomValue type='UUID'}}"), transformers: ['response-template'] },
  };
  const status = {
    request: {
      method: 'GET',
      urlPath: api.statusPath,
      queryParameters: { RequestID: { matches: '.+' } },
      headers: { 'x-api-key': { equalTo: api.credentials.apiKey } },
    },
    response: { status: 200, headers, body: template(bodies.status, '{{request.query.RequestID}}'), transformers: ['response-template'] },
  };
  writeFileSync(join(root, 'mappings/update.json'), JSON.stringify(update, null, 2));
  writeFileSync(join(root, 'mappings/status.json'), JSON.stringify(status, null, 2));
  return root;
}

/** Writes our OpenAPI document with the sandbox's bodies as the only 200 examples; returns its path. */
export function writePrismDocument(dir: string, bodies: PeerBodies): string {
  type Op = { responses: Record<string, { content: Record<string, { examples?: unknown }> }> };
  const doc = parse(readFileSync(join(ROOT, 'contracts/openapi/lsq-async-api.yaml'), 'utf8')) as { paths: Record<string, Record<string, Op>> };
  const setExample = (op: Op | undefined, value: unknown) => {
    const media = op?.responses['200']?.content['application/json'];
    if (!media) throw new Error('the OpenAPI document has no 200 application/json answer where the benchmark expects one');
    media.examples = { bench: { summary: 'the sandbox answer', value } };
  };
  setExample(doc.paths['/opportunity/update']?.post, bodies.accepted);
  setExample(doc.paths['/opportunity/update/status']?.get, bodies.status);
  const file = join(dir, 'prism-lsq-async-api.yaml');
  writeFileSync(file, stringify(doc));
  return file;
}
