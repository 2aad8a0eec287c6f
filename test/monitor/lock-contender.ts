// One contender for a ledger lock, as a separate process (the lock is between processes): waits for
// "go" on stdin so that every contender tries at the same instant, prints "won" or "refused: …", then
// holds what it got until stdin closes.
import { createInterface } from 'node:readline';
import { lockLedger } from '../../src/monitor/ledger-lock.ts';

const ledgerPath = process.argv[2]!;
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
lines.once('line', () => {
  try {
    lockLedger(ledgerPath);
    process.stdout.write('won\n');
  } catch (err) {
    process.stdout.write(`refused: ${(err as Error).message}\n`);
  }
});
lines.once('close', () => process.exit(0));
