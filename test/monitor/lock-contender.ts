// One contender for ledger locks, as a separate process (the lock is between processes): prints "ready",
// then for each line on stdin (a ledger path) tries that ledger's lock at once, so that every contender
// tries at the same instant, and prints "won" or "refused: …". It holds what it got until stdin closes.
// One process serves every round of a race, each round on a ledger of its own: starting a Node process
// per contender and round was most of the race test's CPU.
import { createInterface } from 'node:readline';
import { lockLedger } from '../../src/monitor/ledger-lock.ts';

const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
lines.on('line', (ledgerPath) => {
  try {
    lockLedger(ledgerPath);
    process.stdout.write('won\n');
  } catch (err) {
    process.stdout.write(`refused: ${(err as Error).message}\n`);
  }
});
lines.once('close', () => process.exit(0));
