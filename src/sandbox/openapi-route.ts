// GET /__sandbox/openapi.yaml (and .json): the OpenAPI document of this sandbox, from the same generator
// as the committed contracts/openapi/lsq-async-api.yaml, but with this sandbox's own paths and its URL
// as the only server, so that a mock server, Schemathesis or Postman pointed at it needs nothing else.
// The generator (and the yaml package) is loaded when the document is first asked for, not with the
// sandbox: every process that starts a sandbox (a verifier child, the gate, a monitor without a host)
// paid ~40 ms of CPU loading it, and few of them are ever asked for the document.
import type { ServerResponse } from 'node:http';
import type { DocumentOptions } from '../openapi/index.ts';
import { sendJson } from './envelope.ts';
import type { Sandbox } from './server.ts';

export function sandboxDocumentOptions(sb: Sandbox): DocumentOptions {
  return {
    updatePath: sb.settings.updatePath,
    statusPath: sb.settings.statusPath,
    servers: [{ url: sb.url, description: 'this lsq-harness sandbox' }],
  };
}

export async function sendOpenApi(sb: Sandbox, res: ServerResponse, format: 'yaml' | 'json'): Promise<void> {
  const { buildOpenApiDocument, renderOpenApiYaml } = await import('../openapi/index.ts');
  const options = sandboxDocumentOptions(sb);
  if (format === 'json') {
    sendJson(res, 200, buildOpenApiDocument(options));
    return;
  }
  const text = renderOpenApiYaml(options);
  res.writeHead(200, { 'content-type': 'application/yaml; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
