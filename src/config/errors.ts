/** A bad setting: the CLI prints it and exits 2. The message names the setting and what is wrong. */
export class ConfigError extends Error {
  readonly setting: string;
  constructor(setting: string, problem: string) {
    super(`bad setting ${setting}: ${problem}`);
    this.name = 'ConfigError';
    this.setting = setting;
  }
}
