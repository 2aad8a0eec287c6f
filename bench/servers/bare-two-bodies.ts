// The baseline of the peers benchmark: a bare node:http handler that answers POST with the accepted
// body and GET with the status body (the sandbox's own bodies, so every server sends the same bytes),
// checking nothing — what Node itself costs.
//   node bench/servers/bare-two-bodies.ts BODIES.json PORT      (BODIES.json: {"accepted": "...", "status": "..."})
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const [file, port] = process.argv.slice(2);
const bodies = JSON.parse(readFileSync(file!, 'utf8')) as { accepted: string; status: string };
const accepted = Buffer.from(bodies.accepted);
const status = Buffer.from(bodies.status);
const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    const body = req.method === 'POST' ? accepted : status;
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
});
server.listen(Number(port ?? 0), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => server.close(() => process.exit(0)));
