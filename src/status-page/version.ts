// This package's own version, for the status page's footer line: read from the package.json two levels
// up, which is the package root from src/status-page/ (a checkout) and from dist/status-page/ (installed).
import { createRequire } from 'node:module';

export const PACKAGE_VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
