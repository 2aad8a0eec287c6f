// Exit codes, the same for every command: 0 all checks held, 1 a check failed, 2 bad usage or settings.
export const EXIT = { ok: 0, checkFailed: 1, usage: 2 } as const;

/** Thrown by a command to end with a given code after printing `message` (to stderr). */
export class CommandExit extends Error {
  readonly code: number;
  constructor(code: number, message = '') {
    super(message);
    this.code = code;
  }
}

/** A usage mistake found after parsing (a flag value that commander cannot check). */
export class UsageError extends CommandExit {
  constructor(message: string) {
    super(EXIT.usage, message);
  }
}
