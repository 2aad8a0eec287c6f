// A stand-in for a real LeadSquared host: the project's sandbox behind a plain reverse proxy that
// answers 404 on /__sandbox, as a real host would. Nothing in the harness can tell it from a real host
// (it is plain http on loopback, which the transport rule allows), so a gate or load run against it
// gets no admin API, no reset and no provider states: exactly what it would get in production.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type Sandbox, type SandboxSettingsPatch } from '../../../src/sandbox/index.ts';

export interface StandIn {
  url: string;
  sandbox: Sandbox;
  /** Calls that reached the stand-in, admin probes included, with the status they were answered. */
  calls: Array<{ method: string; path: string; status?: number }>;
  stop(): Promise<void>;
}

export const STAND_IN_CREDENTIALS = { LSQ_ACCESS_KEY: 'stand-in-access-KEY-31', LSQ_SECRET_KEY: 'stand-in-secret-KEY-47', LSQ_API_KEY: 'stand-in-api-KEY-59' };

export async function startRealHostStandIn(settings: SandboxSettingsPatch = {}): Promise<StandIn> {
  const sandbox = await startSandbox({
    settings: {
      credentials: { accessKey: STAND_IN_CREDENTIALS.LSQ_ACCESS_KEY, secretKey: STAND_IN_CREDENTIALS.LSQ_SECRET_KEY, apiKey: STAND_IN_CREDENTIALS.LSQ_API_KEY },
      ...settings,
    },
  });
  const target = new URL(sandbox.url);
  const calls: StandIn['calls'] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    const call: StandIn['calls'][number] = { method: req.method ?? '', path: path.split('?')[0]! };
    calls.push(call);
    res.on('finish', () => (call.status = res.statusCode));
    if (path.startsWith('/__sandbox')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Status: 'Error', ExceptionType: 'MXNotFoundException', ExceptionMessage: 'Not found' }));
      return;
    }
    const upstream = request({ hostname: target.hostname, port: target.port, method: req.method, path, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sandbox,
    calls,
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await sandbox.stop();
    },
  };
}
