/**
 * Redis in the lab: Debian's redis-server (7.0.15) in the server namespace, as redis, with a copy of
 * Debian's /etc/redis/redis.conf, the lab's own address, port, dir and pidfile, and the engine's
 * redis.conf snippet appended last (the snippet says the last tcp-keepalive line wins); a poller of
 * CLIENT LIST inside the same namespace (helpers/redis/watch_clients.py) says when the server drops a client.
 */
import { chownSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lab } from './lab';
import { nsSpawn } from './netns';
import { type Proc, until } from './proc';
import { PYTHON, helper } from './witness';

/** Redis's default port (redis.conf `port 6379`); namespace-local here. */
export const REDIS_PORT = 6379;
const DEBIAN_CONF = '/etc/redis/redis.conf';

function account(user: string): { uid: number; gid: number } {
  const fields =
    readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${user}:`))
      ?.split(':') ?? [];
  if (fields.length < 4) throw new Error(`no user ${user}: is redis-server installed?`);
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** Starts redis-server in the server namespace with `snippet` appended; stopped (SIGTERM) in the lab's cleanup. */
export async function startRedisLab(lab: Lab, snippet: string): Promise<{ port: number; proc: Proc }> {
  const dir = join(lab.tmp, 'redis');
  mkdirSync(dir, { mode: 0o700 });
  const redis = account('redis');
  chownSync(dir, redis.uid, redis.gid);
  const conf = lab.file(
    'redis.conf',
    [
      readFileSync(DEBIAN_CONF, 'utf8'),
      '# the lab: namespace-local addresses, its own dir; no password, so protected mode off (lab only)',
      `bind ${lab.topo.serverAddr} 127.0.0.1`,
      `port ${REDIS_PORT}`,
      'protected-mode no',
      `dir ${dir}`,
      `pidfile ${join(dir, 'redis.pid')}`,
      'logfile ""',
      'daemonize no',
      'supervised no',
      'save ""',
      snippet,
      '',
    ].join('\n'),
  );
  // setpriv execs redis-server without forking, so the spawned pid is the server's.
  const proc = nsSpawn(lab.topo.server, 'redis-server', [
    'setpriv',
    '--reuid=redis',
    '--regid=redis',
    '--init-groups',
    '/usr/bin/redis-server',
    conf,
  ]);
  lab.onCleanup(async () => {
    proc.kill('SIGTERM');
    await proc.waitExit(15_000);
  });
  // Redis logs this line once it listens (src/server.c, 7.0: "Ready to accept connections").
  await proc.waitStdout('Ready to accept connections', 20_000);
  return { port: REDIS_PORT, proc };
}

/** CLIENT LIST, polled every 50 ms from inside the server namespace. */
export class ClientList {
  private constructor(private readonly proc: Proc) {}

  static async start(lab: Lab, port: number): Promise<ClientList> {
    const proc = nsSpawn(lab.topo.server, 'redis-clients', [PYTHON, helper('redis/watch_clients.py'), String(port)]);
    await proc.waitEvent('clients', 5_000);
    return new ClientList(proc);
  }

  /** The server's tcp-keepalive as CONFIG GET reports it. */
  async keepalive(): Promise<string> {
    const e = await this.proc.waitEvent('config', 5_000);
    return String(e['tcp-keepalive']);
  }

  private snapshots(): { t: number; addrs: string[] }[] {
    return this.proc.events
      .filter((e) => e.event === 'clients')
      .map((e) => ({ t: e.t, addrs: Array.isArray(e.addrs) ? e.addrs.map(String) : [] }));
  }

  waitPresent(addr: string, timeoutMs: number): Promise<number> {
    return until(`${addr} in CLIENT LIST`, timeoutMs, () => this.snapshots().find((s) => s.addrs.includes(addr))?.t);
  }

  /** The monotonic time of the first CLIENT LIST without `addr` after it was seen. */
  waitGone(addr: string, timeoutMs: number): Promise<number> {
    return until(
      `${addr} to leave CLIENT LIST`,
      timeoutMs,
      () => {
        const snaps = this.snapshots();
        const seen = snaps.findIndex((s) => s.addrs.includes(addr));
        if (seen < 0) return undefined;
        if (this.proc.exit !== undefined) throw new Error(`the CLIENT LIST poller exited: ${this.proc.tail()}`);
        return snaps.slice(seen).find((s) => !s.addrs.includes(addr))?.t;
      },
      50,
    );
  }
}
