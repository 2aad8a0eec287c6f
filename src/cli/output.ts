// Everything the CLI prints goes through here, and so through redact().
import { redact } from '../client/redact.ts';

export function out(line: string): void {
  process.stdout.write(`${redact(line)}\n`);
}

export function err(line: string): void {
  process.stderr.write(`${redact(line)}\n`);
}

export function outJson(value: unknown): void {
  out(JSON.stringify(value, null, 2));
}
