// scripts/serve.mjs (issue 17), started as a child process on a fixture root made in a temp dir: what it
// refuses to serve, the headers it adds, gzip, abandoned downloads, SIGTERM, the command line.
// SERVE_SCRIPT=<file> runs the same tests against another server (how they were checked on the old one).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparePort } from '../perf/server';

const SERVE = process.env.SERVE_SCRIPT ?? fileURLToPath(new URL('../../scripts/serve.mjs', import.meta.url));
const BIG = 8 << 20; // bytes of /big.txt
const SECRET = 'SECRET-OUTSIDE-THE-ROOT';
const CSP = "default-src 'none'; script-src 'self'";
const INDEX = '<!DOCTYPE html><p>the index page</p>\n';
const NOT_FOUND = '<!DOCTYPE html><p>no such page</p>\n';
const APP = 'export const keepalive = { idle: 60, interval: 10, count: 5 };\n'.repeat(64);
const HEADERS = [
  '# test headers',
  '/*',
  `  Content-Security-Policy: ${CSP}`,
  '  X-Frame-Options: DENY',
  '/_next/static/*',
  '  X-Only-Static: yes',
  '',
].join('\n');

/** Text that gzip shrinks about four times, large enough that a download is still being sent when it is abandoned. */
function bigText(bytes: number): Buffer {
  const words = 'keepalive probe interval idle timeout socket kernel retransmit peer firewall conntrack window'.split(
    ' ',
  );
  const parts: string[] = [];
  let seed = 1;
  for (let n = 0; n < bytes;) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31; // the C standard's example rand()
    const word = `${words[seed % words.length]}${(seed >> 8) % 1000} `;
    parts.push(word);
    n += word.length;
  }
  return Buffer.from(parts.join('')).subarray(0, bytes);
}

interface Server {
  readonly child: ChildProcess;
  readonly port: number;
}

/** Starts the server on a spare loopback port; resolves when it says it is serving, rejects if it exits first. */
async function start(root: string, timeoutMs = 60_000): Promise<Server> {
  const port = await sparePort();
  const child = spawn(process.execPath, [SERVE, root, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve.mjs did not start within ${timeoutMs} ms`)), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('serving')) return;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve.mjs exited with ${code}`));
    });
  });
  return { child, port };
}

/** Every server child started, so that afterAll stops them even when a test timed out before its finally. */
const children = new Set<ChildProcess>();

/** SIGTERM (so the server removes its snapshot), then SIGKILL if it is still there after 5 s. */
async function stop(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  child.kill('SIGTERM');
  await exited;
  clearTimeout(timer);
}

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One request on its own connection; the path is sent as written (no `..` folding). */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Asks for a file and resets the connection as soon as the first bytes of the answer arrive. */
function abandon(port: number, path: string, gzip: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${gzip ? 'Accept-Encoding: gzip\r\n' : ''}\r\n`);
    });
    socket.once('data', () => socket.resetAndDestroy());
    socket.once('close', () => resolve());
    socket.once('error', reject);
  });
}

/** The child's exit status; a child still running after timeoutMs is killed (and the status is null). */
async function exitStatus(child: ChildProcess, timeoutMs = 10_000): Promise<number | null> {
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return code;
}

const openFds = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

let base = '';
let root = '';
let server: Server | undefined;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'kc-serve-'));
  root = join(base, 'root');
  const outside = join(base, 'outside');
  mkdirSync(join(root, '.hidden'), { recursive: true });
  mkdirSync(join(root, '.well-known'), { recursive: true });
  mkdirSync(join(root, '_next/static'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(base, 'secret.txt'), SECRET);
  writeFileSync(join(outside, 'secret.txt'), SECRET);
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, '404.html'), NOT_FOUND);
  writeFileSync(join(root, '_headers'), HEADERS);
  writeFileSync(join(root, 'app.js'), APP);
  writeFileSync(join(root, '_next/static/chunk.js'), APP);
  writeFileSync(join(root, 'og.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
  writeFileSync(join(root, 'big.txt'), bigText(BIG));
  writeFileSync(join(root, '.env'), SECRET);
  writeFileSync(join(root, '.hidden/inside.txt'), SECRET);
  writeFileSync(join(root, '.well-known/security.txt'), SECRET);
  symlinkSync(join(base, 'secret.txt'), join(root, 'link-out.txt'));
  symlinkSync(outside, join(root, 'link-dir'));
  symlinkSync('index.html', join(root, 'link-in.html'));
  symlinkSync(join(base, 'missing.txt'), join(root, 'dangling.txt'));
  symlinkSync('.', join(root, 'loop'));
  mkdirSync(join(base, 'small'));
  writeFileSync(join(base, 'small/index.html'), INDEX);
  writeFileSync(join(base, 'small/app.js'), APP);
  server = await start(root);
}, 90_000);

afterAll(async () => {
  await Promise.all([...children].map(stop));
  if (base !== '') rmSync(base, { recursive: true, force: true });
});

const port = () => server?.port ?? 0;

describe('what is served', () => {
  it('/ is index.html with the `/*` block of _headers, nosniff and no-cache; other blocks are not applied', async () => {
    const res = await get(port(), '/');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(INDEX);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-only-static']).toBeUndefined();
  });

  it('a missing path is 404.html with status 404, and the same headers', async () => {
    const res = await get(port(), '/no/such/page');
    expect(res.status).toBe(404);
    expect(res.body.toString()).toBe(NOT_FOUND);
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each(['//', '///index.html', '//index.html?v=1&target=ssh'])(
    '%s is index.html too: repeated slashes count as one',
    async (path) => {
      const res = await get(port(), path);
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe(INDEX);
    },
  );

  it('a symlink that stays inside the root is served', async () => {
    const res = await get(port(), '/link-in.html');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(INDEX);
  });

  it('methods other than GET and HEAD get 405; HEAD gets the headers and no body', async () => {
    const post = await get(port(), '/', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const head = await get(port(), '/app.js', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(APP)));
    expect(head.body.length).toBe(0);
  });

  it('a Range header is ignored, an inverted one too, and the server keeps serving', async () => {
    const res = await get(port(), '/app.js', { Range: 'bytes=90-10' });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(APP);
    expect((await get(port(), '/')).status).toBe(200);
  });
});

describe('what is refused', () => {
  const refused = [
    ['a symlink to a file outside the root', '/link-out.txt'],
    ['a file under a symlink to a folder outside the root', '/link-dir/secret.txt'],
    ['a dotfile', '/.env'],
    ['a file in a dot-folder', '/.hidden/inside.txt'],
    ['a file in .well-known', '/.well-known/security.txt'],
    ['_headers', '/_headers'],
    ['a `..` path', '/../secret.txt'],
    ['an encoded `..` path', '/%2e%2e/secret.txt'],
    ['an encoded `..` and slash', '/..%2fsecret.txt'],
    ['a `..` path out of a subfolder', '/_next/../../secret.txt'],
    ['a dangling symlink', '/dangling.txt'],
    ['a path through a symlink loop', '/loop/index.html'],
  ] as const;
  it.each(refused)('%s (%s) is 404.html and never the secret', async (_name, path) => {
    for (const gzip of [false, true]) {
      const res = await get(port(), path, gzip ? { 'Accept-Encoding': 'gzip' } : {});
      expect(res.status).toBe(404);
      const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(res.body) : res.body;
      expect(body.toString()).toBe(NOT_FOUND);
      expect(body.toString()).not.toContain(SECRET);
    }
  });
});

describe('gzip', () => {
  it('text is gzipped when the client accepts gzip, with Vary', async () => {
    const res = await get(port(), '/app.js', { 'Accept-Encoding': 'br, gzip, deflate' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.body.length).toBeLessThan(Buffer.byteLength(APP));
    expect(gunzipSync(res.body).toString()).toBe(APP);
  });

  it.each([
    ['no Accept-Encoding', {}],
    ['br only', { 'Accept-Encoding': 'br' }],
    ['gzip refused with q=0', { 'Accept-Encoding': 'gzip;q=0, br' }],
  ] as const)('text is sent as is with %s', async (_name, headers) => {
    const res = await get(port(), '/app.js', headers);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString()).toBe(APP);
  });

  it('an image is not gzipped even when gzip is accepted', async () => {
    const res = await get(port(), '/og.png', { 'Accept-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body[1]).toBe(0x50);
  });
});

describe('abandoned downloads', () => {
  it('200 downloads reset after their first bytes leave no descriptor open', async () => {
    const { child } = server ?? {};
    const pid = child?.pid ?? 0;
    // Warm up both ways, so that whatever the server opens once is in the baseline.
    expect(gunzipSync((await get(port(), '/big.txt', { 'Accept-Encoding': 'gzip' })).body).length).toBe(BIG);
    expect((await get(port(), '/big.txt')).body.length).toBe(BIG);
    const baseline = openFds(pid);
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(Array.from({ length: 10 }, (_, i) => abandon(port(), '/big.txt', i % 2 === 0)));
    }
    // The server closes each one when it sees the reset: poll for that (no event tells), at most 30 s on a loaded machine.
    let open = openFds(pid);
    for (let poll = 0; poll < 600 && open > baseline; poll++) {
      await sleep(50);
      open = openFds(pid);
    }
    expect(open).toBeLessThanOrEqual(baseline);
    expect((await get(port(), '/')).status).toBe(200);
  }, 60_000);
});

describe('signals and the command line', () => {
  it('SIGTERM with a half-sent request and an idle keep-alive socket exits promptly, status 0', async () => {
    const own = await start(join(base, 'small'));
    const sockets: Socket[] = [];
    try {
      // An idle keep-alive connection: one full answer read, the socket kept by the agent.
      const agent = new Agent({ keepAlive: true });
      const idle = await new Promise<Socket>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: own.port, path: '/app.js', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(socket));
        });
        let socket: Socket;
        req.on('socket', (s) => (socket = s));
        req.on('error', reject);
        req.end();
      });
      sockets.push(idle);
      // Half a request line, then one full request on a new connection, answered only after the first was accepted.
      const half = connect(own.port, '127.0.0.1');
      sockets.push(half);
      await once(half, 'connect');
      half.write('GET /ind');
      expect((await get(own.port, '/')).status).toBe(200);
      // Which socket the server ends first: the idle one at once, the half-sent one after the grace.
      const order: string[] = [];
      const closed = [
        once(idle, 'close').then(() => order.push('idle')),
        once(half, 'close').then(() => order.push('half')),
      ];
      const exited = new Promise<number | null>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no exit within 10 s of SIGTERM')), 10_000);
        own.child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
      own.child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await Promise.all(closed);
      expect(order).toEqual(['idle', 'half']);
    } finally {
      for (const s of sockets) s.destroy();
      await stop(own.child);
    }
  }, 30_000);

  it('the snapshot of a server killed with SIGKILL is removed by the next start', async () => {
    const snapshots = (pid: number | undefined) =>
      readdirSync(tmpdir()).filter((n) => n.startsWith(`kc-serve-snapshot-${pid}-`));
    const small = join(base, 'small');
    const first = await start(small);
    expect(snapshots(first.child.pid)).toHaveLength(1);
    const exited = once(first.child, 'exit');
    first.child.kill('SIGKILL');
    await exited;
    expect(snapshots(first.child.pid)).toHaveLength(1);
    const second = await start(small);
    try {
      expect(snapshots(first.child.pid)).toEqual([]);
      expect(snapshots(second.child.pid)).toHaveLength(1);
    } finally {
      await stop(second.child);
    }
    expect(snapshots(second.child.pid)).toEqual([]);
  });

  it('a server without index.html answers / with 404, not with the file beside its root', async () => {
    const bare = join(base, 'bare');
    mkdirSync(bare, { recursive: true });
    writeFileSync(`${bare}.html`, SECRET);
    const own = await start(bare);
    try {
      const res = await get(own.port, '/');
      expect(res.status).toBe(404);
      expect(res.body.toString()).not.toContain(SECRET);
    } finally {
      await stop(own.child);
    }
  });

  it.each(['x', '0', '65536', '80.5'])('port %s exits with status 2', async (bad) => {
    const child = spawn(process.execPath, [SERVE, root, bad], { stdio: 'ignore' });
    expect(await exitStatus(child)).toBe(2);
  });

  it('a root that is not a directory exits with status 2', async () => {
    const child = spawn(process.execPath, [SERVE, join(base, 'no-such-dir'), String(await sparePort())], {
      stdio: 'ignore',
    });
    expect(await exitStatus(child)).toBe(2);
  });
});
