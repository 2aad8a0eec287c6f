// `lsq-harness sandbox`: serve the reference provider until SIGINT/SIGTERM.
// The sandbox is imported inside the action: building the command is all --help does, and the sandbox
// loads zod and the OpenAPI renderer (BENCHMARKS.md, P7). Its limits shown in --help come from
// help-values.ts, checked against the sandbox's own.
import { Command } from 'commander';
import { ADMIN_PREFIX } from '../../sandbox/admin-prefix.ts';
import type { WindowKind } from '../../timing/rate-limiter.ts';
import { SANDBOX_DEFAULT_MAX_KEPT_BODY_BYTES, SANDBOX_MAX_KEPT_BODY_BYTES_LIMIT } from '../help-values.ts';
import { WINDOW_KINDS, choiceOption, numberBetween, wholeNumber } from '../options.ts';
import { out } from '../output.ts';

export function sandboxCommand(): Command {
  return new Command('sandbox')
    .description('serve the reference sandbox of the async API on loopback until SIGINT/SIGTERM')
    .option('--port <n>', 'port to listen on (0 = a free one)', wholeNumber('--port', 0, 65535), 0)
    .option('--seed <s>', 'seed for RequestIDs, latencies and faults', wholeNumber('--seed', 0, 2 ** 32 - 1), 42)
    .option('--time-scale <x>', 'divide processing times and the retry schedule by x', numberBetween('--time-scale', 0.001, 1_000_000), 1)
    .option('--rate-limit <n>', 'calls per window per x-api-key (0 = no limit)', wholeNumber('--rate-limit', 0, 1_000_000), 25)
    .option('--rate-window <seconds>', 'rate-limit window length', numberBetween('--rate-window', 0.001, 3600), 5)
    .addOption(choiceOption('--rate-window-kind <kind>', 'sliding or fixed', WINDOW_KINDS, 'sliding'))
    .option('--separate-budgets', 'update and status calls each get their own budget (default: shared)')
    .option(
      '--max-kept-body-bytes <n>',
      "bytes of update bodies kept for RequestBody; past it the oldest final tasks' bodies are dropped first",
      wholeNumber('--max-kept-body-bytes', 0, SANDBOX_MAX_KEPT_BODY_BYTES_LIMIT),
      SANDBOX_DEFAULT_MAX_KEPT_BODY_BYTES,
    )
    .addHelpText(
      'after',
      `\nCredentials it accepts: LSQ_ACCESS_KEY, LSQ_SECRET_KEY, LSQ_API_KEY (defaults: sandbox-access-key, sandbox-secret-key, sandbox-api-key).\nAdmin endpoint (loopback): ${ADMIN_PREFIX}/{health,settings,faults,states,requests,reset}.`,
    )
    .action(
      async (o: {
        port: number;
        seed: number;
        timeScale: number;
        rateLimit: number;
        rateWindow: number;
        rateWindowKind: WindowKind;
        separateBudgets?: boolean;
        maxKeptBodyBytes: number;
      }) => {
        const { loadSettings } = await import('../../config/settings.ts');
        const { startSandbox } = await import('../../sandbox/index.ts');
        const settings = loadSettings({ ...process.env, LSQ_ASYNC_HOST: undefined }, {});
        const sandbox = await startSandbox({
          settings: {
            port: o.port,
            seed: o.seed,
            timeScale: o.timeScale,
            credentials: settings.credentials,
            statusPath: settings.statusPath,
            updatePath: settings.updatePath,
            rateLimit: { limit: o.rateLimit, windowMs: Math.round(o.rateWindow * 1000), kind: o.rateWindowKind, sharedBudget: !o.separateBudgets },
            maxKeptBodyBytes: o.maxKeptBodyBytes,
          },
        });
        const stopped = new Promise<void>((resolve) => {
          process.once('SIGINT', () => resolve());
          process.once('SIGTERM', () => resolve());
        });
        out(`listening on ${sandbox.url}`);
        await stopped;
        await sandbox.stop();
      },
    );
}
