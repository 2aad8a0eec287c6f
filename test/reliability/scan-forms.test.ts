// The secret scan looks for a configured value in the forms other tools write it too: percent-encoded
// with lower-case hex (%2f, as some encoders and proxies log it), not only encodeURIComponent's %2F.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { artefactFiles, scanFiles } from '../../scripts/scan-secrets.ts';

test('a configured secret percent-encoded in lower-case hex is found', () => {
  const root = mkdtempSync(join(tmpdir(), 'lsq-scan-forms-'));
  mkdirSync(join(root, 'reports'), { recursive: true });
  const value = 'sc@n/form+value';
  const lower = encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
  expect(lower).toBe('sc%40n%2fform%2bvalue');
  writeFileSync(join(root, 'reports/proxy.log'), `GET /x?t=${lower}\n`);
  const r = scanFiles(artefactFiles(root), [{ name: 'planted', value }], root);
  expect(r.findings).toEqual([{ file: 'reports/proxy.log', line: 1, secret: 'planted' }]);
});
