// The subcommands, in the order --help lists them. A new command is one file in commands/ and a line
// here. Each is imported only when it runs (or when the top-level --help lists them all): a command's
// module pulls in everything it uses, and the long-running monitor should not carry the load runner,
// the Pact tooling or the gate in memory.
import type { Command } from 'commander';

export interface CommandEntry {
  name: string;
  load: () => Promise<() => Command>;
}

export const commands: CommandEntry[] = [
  { name: 'monitor', load: async () => (await import('./commands/monitor.ts')).monitorCommand },
  { name: 'update', load: async () => (await import('./commands/update.ts')).updateCommand },
  { name: 'status', load: async () => (await import('./commands/status.ts')).statusCommand },
  { name: 'sandbox', load: async () => (await import('./commands/sandbox.ts')).sandboxCommand },
  { name: 'load', load: async () => (await import('./commands/load.ts')).loadCommand },
  { name: 'contracts', load: async () => (await import('./commands/contracts.ts')).contractsCommand },
  { name: 'record', load: async () => (await import('./commands/record.ts')).recordCommand },
  { name: 'gate', load: async () => (await import('./commands/gate.ts')).gateCommand },
  { name: 'openapi', load: async () => (await import('./commands/openapi.ts')).openapiCommand },
  { name: 'conformance', load: async () => (await import('./commands/conformance.ts')).conformanceCommand },
  { name: 'status-page', load: async () => (await import('./commands/status-page.ts')).statusPageCommand },
  { name: 'slo', load: async () => (await import('./commands/slo.ts')).sloCommand },
];

/** The commands to build for these arguments: the one named first, or all of them (for help and mistakes). */
export function commandsFor(argv: readonly string[]): CommandEntry[] {
  const named = commands.find((c) => c.name === argv[0]);
  return named ? [named] : commands;
}
