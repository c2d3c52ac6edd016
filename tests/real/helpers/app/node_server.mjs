/**
 * Node's http.Server with the engine's `app-server` lines, for tests/real/app-server.test.ts.
 *
 * Usage: node node_server.mjs PORT [SNIPPET_FILE]
 * Creates the server, runs SNIPPET_FILE's lines as written with `server` in scope (where the snippet
 * says they go: after the server is created), listens on 127.0.0.1:PORT and prints one JSON line:
 * {"keepAliveTimeout": ms, "headersTimeout": ms}, as the server holds them. Every request is answered
 * 200 with a Content-Length, so the connection stays open for keep-alive.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [port, snippetFile] = process.argv.slice(2);
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 3 });
    res.end('ok\n');
  });
});
if (snippetFile !== undefined) new Function('server', readFileSync(snippetFile, 'utf8'))(server);
server.listen(Number(port), '127.0.0.1', () => {
  process.stdout.write(
    `${JSON.stringify({ keepAliveTimeout: server.keepAliveTimeout, headersTimeout: server.headersTimeout })}\n`,
  );
});
