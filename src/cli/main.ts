#!/usr/bin/env node
// `lsq-harness`: the command line. Each subcommand lives in commands/; this file wires them up and maps
// every way a command can end onto the exit codes 0 / 1 / 2.
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/errors.ts';
import { CommandExit, EXIT } from './exit-codes.ts';
import { err } from './output.ts';
import { commandsFor } from './registry.ts';

// This package's own version: src/cli/ and dist/cli/ both sit two levels below its package.json. Not
// npm_package_version: `npx lsq-harness` sets that to the version of the project it runs in.
const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** The program for these arguments; only the command they name is loaded (see registry.ts). */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('lsq-harness')
    .description(
      "Contract testing and monitoring harness for LeadSquared's async Update an Opportunity API and its Status API.\nWith no LSQ_ASYNC_HOST (or --host), every command runs against an embedded sandbox.",
    )
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const entry of commandsFor(argv)) {
    const make = await entry.load();
    program.addCommand(endsInMain(make()));
  }
  return program;
}

/**
 * Commander's mistakes (a bad flag value, an unknown option) thrown back to main() instead of exiting 1,
 * on a command and every subcommand under it (`slo generate`): commander copies these settings only to
 * subcommands made after they are set, and a command builds its subcommands before it is added here.
 */
function endsInMain(command: Command): Command {
  command.exitOverride().showHelpAfterError('(run with --help for usage)');
  for (const sub of command.commands) endsInMain(sub);
  return command;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await (await buildProgram(argv)).parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exitCode 0; every parsing mistake is a usage error.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof ConfigError) {
      err(`lsq-harness: ${e.message}`);
      return EXIT.usage;
    }
    if (e instanceof CommandExit) {
      if (e.message) err(`lsq-harness: ${e.message}`);
      return e.code;
    }
    err(`lsq-harness: unexpected error: ${(e as Error).stack ?? String(e)}`);
    return EXIT.checkFailed;
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
