/**
 * Redis: Debian's redis-server (7.0.15) on a spare loopback port with a copy of Debian's own
 * /etc/redis/redis.conf, and the emitted client snippets (ioredis, node-redis, redis-py) run against it.
 * Socket options are read from the kernel with getsockopt through pidfd_getfd (helpers/redis/sockopts.py).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startDaemon, type Daemon } from './daemon';
import { asUser, describe as describeExec, exec } from './exec';
import { sparePort } from './ports';
import { ownedDir, tempDir, writeFile } from './tmp';
import { waitFor } from './wait';

const USER = 'redis';
const REDIS_SERVER = '/usr/bin/redis-server';
const REDIS_CLI = '/usr/bin/redis-cli';
/** Debian's configuration file (redis-server package), which says `tcp-keepalive 300` itself. */
export const DEBIAN_CONF = '/etc/redis/redis.conf';
const PYTHON = '/usr/bin/python3';
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const helper = (name: string): string => fileURLToPath(new URL(`../helpers/redis/${name}`, import.meta.url));

/**
 * The socket options redis-server sets on an accepted client for `tcp-keepalive n`: anetKeepAlive in
 * src/anet.c (Redis 7.0): TCP_KEEPIDLE = n, TCP_KEEPINTVL = n / 3 (C integer division, 1 if that is 0),
 * TCP_KEEPCNT = 3. Written here from the source, not imported from lib/targets/redis.ts, so the suite
 * checks the engine against Redis rather than against itself.
 */
export function anetKeepAlive(n: number): { idle: number; interval: number; count: number } {
  return { idle: n, interval: Math.max(1, Math.floor(n / 3)), count: 3 };
}

/**
 * Debian's redis.conf (optionally without its tcp-keepalive line), the suite's own port, dir, pidfile,
 * log to stdout, no daemonizing and no supervision, then the snippet last, as the snippet says to append it.
 */
export function wrapConf(snippet: string, dir: string, port: number, dropDebianKeepalive = false): string {
  const debian = readFileSync(DEBIAN_CONF, 'utf8')
    .split('\n')
    .filter((l) => !(dropDebianKeepalive && /^\s*tcp-keepalive\s/.test(l)))
    .join('\n');
  const suite = [
    "# tests/real: the suite's own instance",
    `port ${port}`,
    `dir ${dir}`,
    `pidfile ${join(dir, 'redis.pid')}`,
    'logfile ""',
    'daemonize no',
    'supervised no',
    'save ""',
  ].join('\n');
  return `${debian}\n${suite}\n${snippet}\n`;
}

export interface RedisServer {
  readonly port: number;
  readonly pid: number;
  cli(args: readonly string[]): Promise<string>;
  log(): string;
  stop(): Promise<void>;
}

export interface RedisStart {
  readonly server: RedisServer | undefined;
  /** redis-server's output when it did not come up. */
  readonly log: string;
}

/** Starts redis-server as redis with `conf`; `server` is undefined if it exits or never answers PING. */
export async function startRedis(confText: (dir: string, port: number) => string): Promise<RedisStart> {
  const dir = ownedDir(join(tempDir('redis'), 'data'), USER, 0o700);
  const port = await sparePort();
  const conf = writeFile(join(dir, 'redis.conf'), confText(dir, port), USER, 0o600);
  const [cmd, args] = asUser(USER, REDIS_SERVER, [conf]);
  const d: Daemon = startDaemon({ name: 'redis-server', cmd, args, pidFile: join(dir, 'redis.pid') });
  const cli = async (a: readonly string[]): Promise<string> => {
    const r = await exec(REDIS_CLI, ['-h', '127.0.0.1', '-p', String(port), ...a], { timeoutMs: 10_000 });
    if (r.code !== 0) throw new Error(`redis-cli ${a.join(' ')}: ${describeExec(r)}`);
    return r.stdout.trim();
  };
  try {
    await waitFor(
      'redis-server to answer PING',
      async () =>
        d.exited() ||
        (await exec(REDIS_CLI, ['-p', String(port), 'PING'], { timeoutMs: 5_000 })).stdout.trim() === 'PONG',
      20_000,
      100,
    );
  } catch (error) {
    await d.stop();
    throw error;
  }
  if (d.exited()) {
    await d.stop();
    return { server: undefined, log: d.output() };
  }
  return {
    server: { port, pid: d.pid, cli, log: () => d.output(), stop: () => d.stop() },
    log: d.output(),
  };
}

/** `CONFIG GET key` as redis-cli prints it (key, then value, one a line). */
export async function configGet(server: RedisServer, key: string): Promise<string | undefined> {
  const lines = (await server.cli(['CONFIG', 'GET', key])).split('\n');
  return lines[0] === key ? lines[1] : undefined;
}

export interface SockOpts {
  readonly localPort: number;
  readonly remotePort: number;
  readonly keepalive: number;
  readonly idle: number;
  readonly interval: number;
  readonly count: number;
  readonly userTimeoutMs: number;
}

/** The keepalive options of process `pid`'s ESTABLISHED sockets whose `which` port is `port`. */
export async function sockopts(pid: number, which: 'local' | 'remote', port: number): Promise<SockOpts[]> {
  const r = await exec(PYTHON, [helper('sockopts.py'), String(pid), which, String(port)], { timeoutMs: 10_000 });
  if (r.code !== 0) throw new Error(`sockopts.py: ${describeExec(r)}`);
  return JSON.parse(r.stdout) as SockOpts[];
}

/**
 * A connection from the test process itself, after one PING answered: the server's accepted socket
 * for it is the one whose remote port is `localPort`.
 */
export async function rawConnection(port: number): Promise<{ localPort: number; close: () => void }> {
  const { connect } = await import('node:net');
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('no +PONG within 5 s'));
    }, 5_000);
    sock.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.on('data', (d: Buffer) => {
      if (!d.toString().startsWith('+PONG')) return;
      clearTimeout(timer);
      resolve({ localPort: sock.localPort ?? 0, close: () => sock.destroy() });
    });
    sock.write('PING\r\n');
  });
}

/**
 * Points an emitted client snippet at the suite's server by plain string replacement of the snippet's
 * host literal (JSON-quoted, as the snippets write it) and of its `port: 6379` / `port=6379`.
 * Throws unless each occurs exactly once, so a changed snippet cannot be run against the wrong server.
 */
export function pointAt(text: string, host: string, port: number): string {
  const once = (t: string, from: string, to: string): string => {
    const n = t.split(from).length - 1;
    if (n !== 1) throw new Error(`expected ${from} once in the snippet, found it ${n} times`);
    return t.replace(from, to);
  };
  const withHost = once(text, JSON.stringify(host), JSON.stringify('127.0.0.1'));
  const portLiteral = /port: 6379,/.test(withHost) ? 'port: 6379,' : 'port=6379,';
  return once(withHost, portLiteral, portLiteral.replace('6379', String(port)));
}

export type ClientKind = 'ioredis' | 'node-redis' | 'redis-py';

export interface RunningClient {
  readonly pid: number;
  readonly reply: unknown;
  stop(): Promise<void>;
}

export interface ClientStart {
  readonly client: RunningClient | undefined;
  /** The client's output when it did not get ready (the refusal). */
  readonly output: string;
}

const runningClients = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of runningClients) c.kill('SIGKILL');
});

/**
 * Runs a client snippet (already pointed at the server) as its own process, which sends one command
 * and idles. The Node snippets are ES modules importing "ioredis" / "redis": their temp dir links the
 * repository's node_modules so the imports resolve as in a project that installed them.
 */
export async function runClient(kind: ClientKind, text: string, timeoutMs = 20_000): Promise<ClientStart> {
  const dir = tempDir(`redis-${kind}`);
  let argv: string[];
  if (kind === 'redis-py') {
    argv = [PYTHON, helper('py_client.py'), writeFile(join(dir, 'redis_client.py'), text)];
  } else {
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
    argv = [process.execPath, helper('node_client.mjs'), writeFile(join(dir, 'redis.mjs'), text)];
  }
  const [cmd, ...args] = argv as [string, ...string[]];
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], cwd: dir });
  runningClients.add(child);
  let output = '';
  let exited = false;
  child.on('exit', () => {
    exited = true;
    runningClients.delete(child);
  });
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  let ready: { pid: number; reply: unknown } | undefined;
  createInterface({ input: child.stdout }).on('line', (line) => {
    output += `${line}\n`;
    if (!line.startsWith('{')) return;
    const e = JSON.parse(line) as { event?: string; pid?: number; reply?: unknown };
    if (e.event === 'ready' && typeof e.pid === 'number') ready = { pid: e.pid, reply: e.reply };
  });
  const stop = async (): Promise<void> => {
    if (exited) return;
    child.stdin.end('quit\n');
    try {
      await waitFor(`${kind} to quit`, () => exited, 5_000);
    } catch {
      child.kill('SIGKILL');
      await waitFor(`${kind} to die`, () => exited, 5_000);
    }
  };
  try {
    await waitFor(`${kind} to run one command`, () => ready !== undefined || exited, timeoutMs);
  } catch (error) {
    await stop();
    throw new Error(`${String(error)}: ${output}`);
  }
  if (ready === undefined) {
    await stop();
    return { client: undefined, output };
  }
  return { client: { pid: ready.pid, reply: ready.reply, stop }, output };
}

export interface MonitorLine {
  /** Redis's own timestamp of the command, seconds. */
  readonly t: number;
  /** The client's address as Redis prints it, 127.0.0.1:PORT. */
  readonly addr: string;
  readonly command: string;
}

/** MONITOR through redis-cli: every command the server runs, with the server's own time stamp. */
export async function monitor(port: number): Promise<{ lines: () => MonitorLine[]; stop: () => Promise<void> }> {
  const child = spawn(REDIS_CLI, ['-h', '127.0.0.1', '-p', String(port), 'MONITOR'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  runningClients.add(child);
  let exited = false;
  child.on('exit', () => {
    exited = true;
    runningClients.delete(child);
  });
  const seen: MonitorLine[] = [];
  let ok = false;
  // Format (src/replication.c replicationFeedMonitors): 1733061181.123456 [0 127.0.0.1:54321] "set" "k" "v"
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.trim() === 'OK') ok = true;
    const m = /^(\d+\.\d+) \[\d+ ([^\]]+)\] "([^"]*)"/.exec(line);
    if (m?.[1] && m[2] && m[3] !== undefined) seen.push({ t: Number(m[1]), addr: m[2], command: m[3].toLowerCase() });
  });
  const stop = async (): Promise<void> => {
    if (!exited) child.kill('SIGTERM');
    await waitFor('redis-cli MONITOR to exit', () => exited, 5_000);
  };
  try {
    // redis-cli prints OK once the server has made the connection a monitor.
    await waitFor('redis-cli MONITOR to print OK', () => ok || exited, 10_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    lines: () => [...seen],
    stop,
  };
}
