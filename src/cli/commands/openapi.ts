// `lsq-harness openapi`: prints the OpenAPI 3.1 document generated from the contract (the committed
// contracts/openapi/lsq-async-api.yaml is this output), or writes it to a file.
// The document is built inside the action: its module loads the contract (zod) and the YAML writer,
// which --help does not need (BENCHMARKS.md, P7).
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';

export function openapiCommand(): Command {
  return new Command('openapi')
    .description('print the OpenAPI 3.1 document of the async update and status endpoints, generated from the contract')
    .addOption(new Option('--format <format>', 'yaml or json').choices(['yaml', 'json']).default('yaml'))
    .option('--out <file>', 'write it to this file instead of stdout')
    .option('--update-path <path>', 'the update path (default: the documented /opportunity/update)')
    .option('--status-path <path>', 'the status path (default: the guess /opportunity/update/status)')
    .addHelpText(
      'after',
      '\nThe committed copy is contracts/openapi/lsq-async-api.yaml; CI fails when it differs from this output.\nHand it to a mock server (e.g. `prism mock`), Postman or Schemathesis. Exit: 0 written.',
    )
    .action(async (o: { format: 'yaml' | 'json'; out?: string; updatePath?: string; statusPath?: string }) => {
      const { buildOpenApiDocument, renderOpenApiYaml } = await import('../../openapi/index.ts');
      const options = { ...(o.updatePath ? { updatePath: o.updatePath } : {}), ...(o.statusPath ? { statusPath: o.statusPath } : {}) };
      const text = o.format === 'json' ? `${JSON.stringify(buildOpenApiDocument(options), null, 2)}\n` : renderOpenApiYaml(options);
      // Not through out(): redact() would have nothing to mask in it, and the text must stay byte-exact.
      if (o.out) writeFileSync(o.out, text);
      else process.stdout.write(text);
    });
}
