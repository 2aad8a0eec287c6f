// The throughput baseline: a bare node:http handler that answers every request with a small JSON body
// of the same size as the sandbox's answers — what Node itself costs, with none of our logic.
//   node bench/servers/bare-http.ts      prints "listening on http://127.0.0.1:PORT"
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const body = JSON.stringify({ Status: 'Request accepted. Please use below request id to check the status', RequestID: '5ebec781-c325-41f0-914e-9692301a2515' });
const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => server.close(() => process.exit(0)));
