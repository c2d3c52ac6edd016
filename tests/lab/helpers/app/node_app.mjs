/**
 * The Node upstream for tests/lab/app-keepalive.test.ts: a trivial node:http server.
 *
 * Usage: node node_app.mjs ADDRESS PORT [SNIPPET_FILE]
 * SNIPPET_FILE holds the engine's `app-server` lines for Node, run as written right after the server
 * is created (`server` in scope), before it listens: where the snippet says to put them.
 * Every request (any method) is read to its end and answered 200 with a Content-Length and no
 * Connection: close, so the connection stays open for keep-alive (node:http's default).
 * Events (JSON lines, "t" = CLOCK_MONOTONIC seconds): ready {keepAliveTimeout, headersTimeout} (ms,
 * as the server holds them); connection {port}; request {port, method}; closed {port}.
 * `port` is the peer's (nginx's) TCP port.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const t = () => Number(process.hrtime.bigint()) / 1e9;
const emit = (event, fields = {}) => process.stdout.write(`${JSON.stringify({ event, t: t(), ...fields })}\n`);

const [address, port, snippetFile] = process.argv.slice(2);
const server = createServer((req, res) => {
  const peer = req.socket.remotePort;
  req.resume();
  req.on('end', () => {
    emit('request', { port: peer, method: req.method });
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 3 });
    res.end('ok\n');
  });
});
if (snippetFile !== undefined) new Function('server', readFileSync(snippetFile, 'utf8'))(server);
server.on('connection', (socket) => {
  const peer = socket.remotePort;
  emit('connection', { port: peer });
  socket.on('close', () => emit('closed', { port: peer }));
});
server.listen(Number(port), address, () =>
  emit('ready', { keepAliveTimeout: server.keepAliveTimeout, headersTimeout: server.headersTimeout }),
);
