// Judges a recorded HTTP answer against the OpenAPI document: the response object for its path,
// method and status (or `default`), its media type, and its body against the schema with ajv (draft
// 2020-12), the decoded contentSchema of Message and RequestBody included (ajv treats those keywords
// as annotations, so they are applied here by decoding the string).
import { Ajv2020 } from 'ajv/dist/2020.js';

type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};

export function responseValidator(doc: Doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
  const schemaRef = (ref: string) => ({ $ref: `doc${ref}` });
  const taskStatus = doc.components.schemas.StatusResponse!.properties as Record<string, { properties: Record<string, { contentSchema?: { $ref: string } }> }>;
  const embedded = Object.entries(taskStatus.TaskStatus!.properties)
    .filter(([, s]) => s.contentSchema)
    .map(([name, s]) => ({ name, check: ajv.compile(schemaRef(s.contentSchema!.$ref)) }));

  return function problems(path: string, method: string, status: number, contentType: string, text: string): string[] {
    const operation = doc.paths[path]?.[method.toLowerCase()];
    if (!operation) return [`no operation ${method} ${path}`];
    const response = operation.responses[String(status)] ?? operation.responses.default;
    if (!response) return [`status ${status} is not documented for ${method} ${path}`];
    if (!response.content) return text ? ['a body where none is documented'] : [];
    const media = contentType.split(';')[0]!.trim().toLowerCase();
    const entry = response.content[media];
    if (!entry) return [`content type ${JSON.stringify(contentType)} is not documented (${Object.keys(response.content).join(', ')})`];
    let body: unknown;
    try {
      body = JSON.parse(text.replace(/^\uFEFF/, ''));
      if (text.startsWith('\uFEFF')) return ['the body starts with a byte order mark'];
    } catch {
      return ['the body is not JSON'];
    }
    const check = ajv.compile((entry.schema as { $ref?: string }).$ref ? schemaRef((entry.schema as { $ref: string }).$ref) : (entry.schema as object));
    const out = check(body) ? [] : (check.errors ?? []).map((e) => `${e.instancePath || '$'} ${e.message}`);
    const task = (body as { TaskStatus?: Record<string, unknown> } | null)?.TaskStatus;
    if (out.length === 0 && task && typeof task === 'object') {
      for (const { name, check: inner } of embedded) {
        const value = task[name];
        if (typeof value !== 'string') continue;
        let decoded: unknown;
        try {
          decoded = JSON.parse(value);
        } catch {
          out.push(`TaskStatus.${name} is not JSON`);
          continue;
        }
        if (!inner(decoded)) out.push(...(inner.errors ?? []).map((e) => `TaskStatus.${name} (decoded)${e.instancePath} ${e.message}`));
      }
    }
    return out;
  };
}
