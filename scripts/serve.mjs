#!/usr/bin/env node
// The static server of `npm start` and the e2e suite: `node scripts/serve.mjs <dir> <port>`, on 127.0.0.1.
// Like a static host: at start-up the servable files of <dir> are copied to a private snapshot (no
// dotfiles or dot-folders, no _headers, no symlink that leaves <dir>), with a gzip copy of each text
// file; sirv serves the snapshot, so files added to <dir> later are not served. Text goes out gzipped
// when the client accepts gzip; the `/*` block of <dir>/_headers, nosniff and `Cache-Control: no-cache`
// are on every response; a missing path gets 404.html with status 404; repeated slashes count as one;
// methods other than GET and HEAD get 405. SIGTERM or SIGINT: stop accepting, end idle sockets, and
// destroy what is left after a short grace.
import { createServer } from 'node:http';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { gzipSync, constants as zlib } from 'node:zlib';
import sirv from 'sirv';

const root = resolve(process.argv[2] ?? 'out');
const port = Number(process.argv[3] ?? 3000);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`serve: bad port ${process.argv[3]}`);
  process.exit(2);
}
if (!existsSync(root) || !statSync(root).isDirectory()) {
  console.error(`serve: ${root} is not a directory`);
  process.exit(2);
}

/** After SIGTERM, how long a response already being sent may take before its socket is destroyed. */
const GRACE_MS = 2000;

/** Files worth compressing: those sirv types (with mrmime's table) as text/*, JSON, a manifest or SVG. */
const COMPRESSIBLE = /\.(html|js|mjs|css|txt|md|xml|json|map|webmanifest|svg)$/i;

/** The headers of the `/*` block of a _headers file: indented `Name: value` lines. */
function readHeaders(file) {
  if (!existsSync(file)) return {};
  const headers = {};
  let inAll = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      inAll = line.trim() === '/*';
      continue;
    }
    const m = /^\s+([A-Za-z-]+):\s*(.+)$/.exec(line);
    if (inAll && m) headers[m[1]] = m[2];
  }
  return headers;
}

const inside = (base, path) => path === base || path.startsWith(base + sep);

/**
 * Copies the servable regular files under `from` to `to`, plus `<file>.gz` for text. sirv's own walk
 * (node_modules/totalist/sync: statSync on every entry) follows symlinks anywhere, and throws at a
 * dangling one or a loop; the snapshot holds regular files only, so that walk is safe.
 */
function snapshot(from, to) {
  const realRoot = realpathSync(from);
  const walk = (dir, ancestors) => {
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.') || name === '_headers') continue;
      const path = join(dir, name);
      let real;
      try {
        real = realpathSync(path);
      } catch {
        continue; // a dangling symlink
      }
      if (!inside(realRoot, real)) continue;
      const stats = statSync(real);
      const target = join(to, relative(from, path));
      if (stats.isDirectory()) {
        if (!ancestors.has(real)) walk(path, new Set([...ancestors, real]));
      } else if (stats.isFile()) {
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(real, target);
        // Level 9 (zlib.h Z_BEST_COMPRESSION): done once per file, and what tests/perf/firstload.ts measures.
        if (COMPRESSIBLE.test(name))
          writeFileSync(`${target}.gz`, gzipSync(readFileSync(target), { level: zlib.Z_BEST_COMPRESSION }));
      }
    }
  };
  walk(from, new Set([realRoot]));
}

/** Whether an Accept-Encoding value accepts gzip: listed without `q=0` (RFC 9110, section 12.5.3). */
function acceptsGzip(value = '') {
  return value.split(',').some((part) => {
    const [coding = '', ...params] = part
      .toLowerCase()
      .split(';')
      .map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === 'x-gzip') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

const SNAPSHOT = /^kc-serve-snapshot-(\d+)-/;
const alive = (pid) => {
  try {
    return process.kill(pid, 0);
  } catch (error) {
    return error.code === 'EPERM';
  }
};
// A server ended by SIGKILL (what Playwright does to its webServer unless gracefulShutdown is set)
// leaves its snapshot behind: each start removes the snapshots of processes that are gone.
for (const name of readdirSync(tmpdir())) {
  const pid = SNAPSHOT.exec(name)?.[1];
  if (pid !== undefined && !alive(Number(pid))) rmSync(join(tmpdir(), name), { recursive: true, force: true });
}
const staged = mkdtempSync(join(tmpdir(), `kc-serve-snapshot-${process.pid}-`));
process.on('exit', () => rmSync(staged, { recursive: true, force: true }));
// Before the snapshot, so that a signal during it still ends in 'exit' (and the snapshot is removed).
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
snapshot(root, staged);

const STATIC_HEADERS = {
  ...readHeaders(join(root, '_headers')),
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
};
const notFoundFile = join(staged, '404.html');
const NOT_FOUND = existsSync(notFoundFile)
  ? { type: 'text/html; charset=utf-8', plain: readFileSync(notFoundFile), gzip: readFileSync(`${notFoundFile}.gz`) }
  : { type: 'text/plain; charset=utf-8', plain: Buffer.from('not found\n'), gzip: gzipSync('not found\n') };

// Options: node_modules/sirv/build.mjs. dev: false serves the list walked at start; gzip: true picks
// `<file>.gz` when Accept-Encoding says gzip; etag: true answers If-None-Match with 304.
const files = sirv(staged, {
  dev: false,
  etag: true,
  gzip: true,
  dotfiles: false,
  extensions: ['html'],
  onNoMatch: (req, res) => {
    const gzip = req.headers['accept-encoding'] === 'gzip';
    const body = gzip ? NOT_FOUND.gzip : NOT_FOUND.plain;
    res.writeHead(404, {
      'Content-Type': NOT_FOUND.type,
      'Content-Length': body.length,
      Vary: 'Accept-Encoding',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  },
});

const server = createServer((req, res) => {
  for (const [name, value] of Object.entries(STATIC_HEADERS)) res.setHeader(name, value);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    return res.end('method not allowed\n');
  }
  // sirv sends with `createReadStream(file).pipe(res)`: an abandoned response would leave the file
  // open (pipe only unpipes), so the source is destroyed when the response closes, however it ends.
  res.on('pipe', (source) => {
    source.on('error', () => res.destroy());
    if (res.destroyed) source.destroy();
    else res.once('close', () => source.destroy());
  });
  // sirv gzips on `includes('gzip')` (so also for `gzip;q=0`); Range is ignored (RFC 9110 allows it),
  // as sirv throws out of the handler on an inverted range such as `bytes=9-1`.
  // A run of slashes names the same file, as it did before sirv: tests/e2e/paths.spec.ts loads `//index.html`.
  req.url = (req.url ?? '/').replace(/^[^?#]*/, (path) => path.replace(/\/{2,}/g, '/'));
  req.headers['accept-encoding'] = acceptsGzip(req.headers['accept-encoding']) ? 'gzip' : '';
  delete req.headers.range;
  files(req, res);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`serving ${root} on http://127.0.0.1:${port}`);
});

let stopping = false;
/** Stops accepting and ends idle keep-alive sockets; exits once every socket is gone. */
function stop() {
  if (stopping) process.exit(1); // a second signal: now
  stopping = true;
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), GRACE_MS).unref();
}
