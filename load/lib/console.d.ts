// k6 provides console (log, warn, error) in every script; @types/k6 does not declare it and the DOM lib
// would bring browser globals that k6 lacks.
declare const console: {
  log(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
};
