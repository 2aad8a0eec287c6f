// The `contracts` command refuses bad settings with exit 2 before running anything.
import { expect, test, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  const writes: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (writes.push(String(chunk)), true));
  try {
    return { code: await main(['contracts', ...args]), stderr: writes.join('') };
  } finally {
    spy.mockRestore();
  }
}

test('a --provider-url that is not a loopback http or https URL exits 2 naming --provider-url', async () => {
  const r = await run(['--provider-url', 'ftp://example.invalid']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--provider-url');
});

test('--allow-writes without a real host exits 2', async () => {
  const saved = process.env.LSQ_ASYNC_HOST;
  delete process.env.LSQ_ASYNC_HOST;
  try {
    const r = await run(['--allow-writes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--allow-writes');
  } finally {
    if (saved !== undefined) process.env.LSQ_ASYNC_HOST = saved;
  }
});
