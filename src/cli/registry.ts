// The subcommands, in the order --help lists them. A new command is one file in commands/ and a line here.
import type { Command } from 'commander';
import { contractsCommand } from './commands/contracts.ts';
import { gateCommand } from './commands/gate.ts';
import { loadCommand } from './commands/load.ts';
import { monitorCommand } from './commands/monitor.ts';
import { recordCommand } from './commands/record.ts';
import { sandboxCommand } from './commands/sandbox.ts';
import { statusCommand } from './commands/status.ts';
import { updateCommand } from './commands/update.ts';

export const commands: Array<() => Command> = [monitorCommand, updateCommand, statusCommand, sandboxCommand, loadCommand, contractsCommand, recordCommand, gateCommand];
