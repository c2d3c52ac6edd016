/**
 * Redis (target=redis): Debian's redis-server 7.0.15 loads every emitted redis.conf appended to a copy
 * of Debian's own /etc/redis/redis.conf, and reports the plan's tcp-keepalive N (CONFIG GET) and sets
 * the socket options anetKeepAlive (src/anet.c) derives from it on an accepted client; ioredis 5,
 * node-redis 5 and Debian's redis-py 4.3.4 run their emitted snippets against it and their own sockets
 * carry the planned options. Each snippet is pointed at the suite's server by plain string replacement
 * of its host literal and its port 6379 (harness/redis.ts pointAt), nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../lib/engine';
import { REDIS_DEFAULT_KEEPALIVE } from '../../lib/targets/redis';
import { stopAllDaemons } from './harness/daemon';
import { casesFor, distinctSnippets, label, type Case, type Distinct } from './harness/engine';
import {
  anetKeepAlive,
  configGet,
  monitor,
  pointAt,
  rawConnection,
  runClient,
  sockopts,
  startRedis,
  wrapConf,
  type ClientKind,
  type RedisServer,
  type SockOpts,
} from './harness/redis';
import { record } from './harness/results';
import { cleanupTempDirs } from './harness/tmp';
import { waitFor } from './harness/wait';

afterAll(async () => {
  await stopAllDaemons();
  cleanupTempDirs();
});

const cases = casesFor('redis');

/** libuv's fixed probe interval and count once Node enables keepalive with a delay (FACTS.md section 2). */
const LIBUV = { interval: 1, count: 10 } as const;
/** node-redis 5's default keepAliveInitialDelay, 5000 ms (@redis/client dist/lib/client/socket.js), which its snippet keeps. */
const NODE_REDIS_DELAY_S = 5;

type Expected = Pick<SockOpts, 'keepalive' | 'idle' | 'interval' | 'count'> & { userTimeoutMs?: number };

/** The fields of `got` that differ from `want`, as text; empty when they agree. */
function differences(got: SockOpts | undefined, want: Expected): string[] {
  if (got === undefined) return ['no socket found'];
  return (Object.keys(want) as (keyof Expected)[])
    .filter((k) => want[k] !== undefined && got[k] !== want[k])
    .map((k) => `${k}: expected ${String(want[k])}, socket has ${String(got[k])}`);
}

/** redis-server's accepted socket for a fresh connection from this process. */
async function serverSideOf(server: RedisServer): Promise<SockOpts | undefined> {
  const conn = await rawConnection(server.port);
  try {
    const found = await sockopts(server.pid, 'remote', conn.localPort);
    return found.find((s) => s.localPort === server.port);
  } finally {
    conn.close();
  }
}

function plannedN(c: Case): number {
  const n = c.result.plan.values.redisKeepalive;
  if (n === undefined) throw new Error(`the plan for ?${c.query} has no redisKeepalive`);
  return n;
}

describe("redis-server loads every emitted redis.conf appended to Debian's and sets anetKeepAlive's options", () => {
  const confs = distinctSnippets('redis-conf', cases);
  it('has generated snippets to check', () => expect(confs.length).toBeGreaterThan(3));

  for (const d of confs) {
    it(label(d), async () => {
      const { server, log } = await startRedis((dir, port) => wrapConf(d.snippet.text, dir, port));
      try {
        expect(server, log).toBeDefined();
        if (!server) return;
        const got = await configGet(server, 'tcp-keepalive');
        const socket = await serverSideOf(server);
        const wrong = d.cases.flatMap((c) => {
          const n = plannedN(c);
          return [
            ...(got === String(n) ? [] : [`CONFIG GET tcp-keepalive ${got ?? 'nothing'}, planned ${n}`]),
            ...differences(socket, { keepalive: 1, ...anetKeepAlive(n) }),
          ];
        });
        record({
          daemon: 'Redis',
          kind: 'generated',
          label: label(d),
          accepted: true,
          readBack: wrong.length === 0,
        });
        expect(wrong).toEqual([]);
      } finally {
        await server?.stop();
      }
    });
  }

  it("without the snippet: Debian's file (tcp-keepalive 300) and, without that line, Redis's compiled default", async () => {
    for (const drop of [false, true]) {
      const { server, log } = await startRedis((dir, port) => wrapConf('', dir, port, drop));
      try {
        expect(server, log).toBeDefined();
        if (!server) return;
        expect(await configGet(server, 'tcp-keepalive')).toBe(String(REDIS_DEFAULT_KEEPALIVE));
        // 300 / 100 / 3 (anetKeepAlive with the default).
        expect(
          differences(await serverSideOf(server), { keepalive: 1, ...anetKeepAlive(REDIS_DEFAULT_KEEPALIVE) }),
        ).toEqual([]);
      } finally {
        await server?.stop();
      }
    }
  });

  it("the last tcp-keepalive line wins, as the snippet says (after Debian's 300)", async () => {
    const { server, log } = await startRedis((dir, port) => wrapConf('tcp-keepalive 41\n', dir, port));
    try {
      expect(server, log).toBeDefined();
      if (server) expect(await configGet(server, 'tcp-keepalive')).toBe('41');
    } finally {
      await server?.stop();
    }
  });

  it('refuses tcp-keepalive 10s (an integer config takes no unit)', async () => {
    const { server, log } = await startRedis((dir, port) => wrapConf('tcp-keepalive 10s\n', dir, port));
    await server?.stop();
    record({
      daemon: 'Redis',
      kind: 'broken',
      label: 'redis.conf tcp-keepalive 10s',
      accepted: server !== undefined,
      readBack: null,
    });
    expect(server).toBeUndefined();
    expect(log).toMatch(/FATAL CONFIG FILE ERROR[\s\S]*tcp-keepalive/);
  });
});

/** What each client's socket must carry, from the plan (ioredis, redis-py) or the library's default kept (node-redis). */
function expectedFor(kind: ClientKind, c: Case): Expected {
  const v = c.result.plan.values;
  if (kind === 'ioredis') return { keepalive: 1, idle: v.keepalive.idle, ...LIBUV };
  if (kind === 'node-redis') return { keepalive: 1, idle: NODE_REDIS_DELAY_S, ...LIBUV };
  return { keepalive: 1, ...v.keepalive, userTimeoutMs: v.userTimeoutMs ?? 0 };
}

/** Runs a client snippet against `server` and reads its own socket to the server. */
async function clientSocket(
  kind: ClientKind,
  d: Distinct,
  server: RedisServer,
  edit: (text: string) => string = (t) => t,
): Promise<{ socket: SockOpts | undefined; output: string; ran: boolean }> {
  const host = d.cases[0]?.result.plan.input.dbhost ?? '';
  const { client, output } = await runClient(kind, edit(pointAt(d.snippet.text, host, server.port)));
  if (!client) return { socket: undefined, output, ran: false };
  try {
    const found = await sockopts(client.pid, 'remote', server.port);
    return { socket: found[0], output, ran: true };
  } finally {
    await client.stop();
  }
}

describe('the emitted client snippets run against redis-server and their sockets carry the plan', () => {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    const r = await startRedis((dir, port) => wrapConf('', dir, port));
    if (!r.server) throw new Error(`redis-server did not start: ${r.log}`);
    server = r.server;
  });
  afterAll(async () => {
    await server?.stop();
  });
  const need = (): RedisServer => {
    if (!server) throw new Error('no redis-server');
    return server;
  };

  for (const kind of ['ioredis', 'node-redis', 'redis-py'] as const) {
    const distinct = distinctSnippets(kind, cases);
    it(`${kind}: has generated snippets to check`, () =>
      expect(distinct.length).toBeGreaterThan(kind === 'node-redis' ? 1 : 3));
    for (const d of distinct) {
      it(label(d), async () => {
        const r = await clientSocket(kind, d, need());
        const wrong = d.cases.flatMap((c) => differences(r.socket, expectedFor(kind, c)));
        record({
          daemon: 'Redis',
          kind: 'generated',
          label: label(d),
          accepted: r.ran,
          readBack: r.ran ? wrong.length === 0 : null,
        });
        expect(r.ran, r.output).toBe(true);
        expect(wrong).toEqual([]);
      });
    }
  }

  it('node-redis sets pingInterval only for a box that ignores probes', () => {
    for (const d of distinctSnippets('node-redis', cases)) {
      for (const c of d.cases) {
        const ping = c.result.plan.values.redisPing;
        if (ping === undefined) expect(d.snippet.text, c.query).not.toMatch(/pingInterval/);
        else expect(d.snippet.text, c.query).toMatch(new RegExp(`^\\s*pingInterval: ${ping * 1000},$`, 'm'));
      }
    }
  });

  // Broken values: one per snippet, each refused or read back differently.
  const first = (id: ClientKind): Distinct => {
    const d = distinctSnippets(id, cases)[0];
    if (!d) throw new Error(`no ${id} snippet`);
    return d;
  };

  it('ioredis keepAlive: true (a switch, not the delay in ms) leaves the socket without keepalive', async () => {
    const d = first('ioredis');
    const c = d.cases[0] as Case;
    const r = await clientSocket('ioredis', d, need(), (t) =>
      t.replace(`keepAlive: ${c.result.plan.values.keepalive.idle * 1000},`, 'keepAlive: true,'),
    );
    const wrong = differences(r.socket, expectedFor('ioredis', c));
    record({
      daemon: 'Redis',
      kind: 'broken',
      label: 'ioredis keepAlive: true',
      accepted: r.ran && wrong.length === 0,
      readBack: null,
    });
    expect(r.ran, r.output).toBe(true);
    expect(r.socket?.keepalive).toBe(0);
  });

  it('node-redis keepAliveInitialDelay: 5 (seconds written where ms are meant) reads back differently', async () => {
    const d = first('node-redis');
    const c = d.cases[0] as Case;
    const r = await clientSocket('node-redis', d, need(), (t) =>
      t.replace(
        `keepAliveInitialDelay: ${NODE_REDIS_DELAY_S * 1000},`,
        `keepAliveInitialDelay: ${NODE_REDIS_DELAY_S},`,
      ),
    );
    const wrong = differences(r.socket, expectedFor('node-redis', c));
    record({
      daemon: 'Redis',
      kind: 'broken',
      label: 'node-redis keepAliveInitialDelay: 5',
      accepted: r.ran && wrong.length === 0,
      readBack: null,
    });
    expect(r.ran, r.output).toBe(true);
    expect(wrong).not.toEqual([]);
  });

  it('redis-py socket.TCP_KEEPIDLE: 0 is refused by setsockopt on the first command', async () => {
    const d = first('redis-py');
    const c = d.cases[0] as Case;
    const r = await clientSocket('redis-py', d, need(), (t) =>
      t.replace(`socket.TCP_KEEPIDLE: ${c.result.plan.values.keepalive.idle},`, 'socket.TCP_KEEPIDLE: 0,'),
    );
    record({
      daemon: 'Redis',
      kind: 'broken',
      label: 'redis-py TCP_KEEPIDLE 0',
      accepted: r.ran,
      readBack: null,
    });
    expect(r.ran).toBe(false);
    expect(r.output).toMatch(/Error 22 connecting|Invalid argument/);
  });
});

describe('node-redis pingInterval through a box that ignores probes', () => {
  const query = 'target=redis&via=aws-alb:10';
  const result = run(query);
  const ping = result.plan.values.redisPing;

  it(`${query}: a PING after at most pingInterval of idle time, then every pingInterval`, async () => {
    expect(ping, 'the plan sets redisPing').toBeDefined();
    if (ping === undefined) return;
    const snippet = result.snippets.find((s) => s.id === 'node-redis');
    if (!snippet) throw new Error('no node-redis snippet');
    const d: Distinct = { snippet, cases: [{ query, result }] };
    const { server, log } = await startRedis((dir, port) => wrapConf('', dir, port));
    if (!server) throw new Error(`redis-server did not start: ${log}`);
    const mon = await monitor(server.port);
    try {
      const { client, output } = await runClient(
        'node-redis',
        pointAt(snippet.text, result.plan.input.dbhost, server.port),
      );
      expect(client, output).toBeDefined();
      if (!client) return;
      try {
        const own = (await sockopts(client.pid, 'remote', server.port))[0];
        expect(own, 'the client socket').toBeDefined();
        const addr = `127.0.0.1:${own?.localPort ?? 0}`;
        const pings = () => mon.lines().filter((l) => l.addr === addr && l.command === 'ping');
        // Bounded: two PINGs are due within 2 pingIntervals of the connection; 10 s for a loaded machine.
        await waitFor('two PINGs from node-redis', () => pings().length >= 2, (2 * ping + 10) * 1000, 100);
        const lines = mon.lines().filter((l) => l.addr === addr);
        const [p1, p2] = pings();
        const before = lines.filter((l) => l.command !== 'ping' && p1 !== undefined && l.t <= p1.t).at(-1);
        expect(before, 'a command before the first PING').toBeDefined();
        if (!p1 || !p2 || !before) return;
        // node-redis arms the timer at ready and after each PING's reply (@redis/client dist/lib/client/index.js #setPingTimer):
        // the first PING comes at most pingInterval after the last command, the next one pingInterval later.
        expect(p1.t - before.t).toBeLessThanOrEqual(ping + 1);
        expect(p2.t - p1.t).toBeGreaterThanOrEqual(ping - 0.1);
        expect(p2.t - p1.t).toBeLessThanOrEqual(ping + 1);
        record({
          daemon: 'Redis',
          kind: 'generated',
          label: `${label(d)} pingInterval`,
          accepted: true,
          readBack: true,
        });
      } finally {
        await client.stop();
      }
    } finally {
      await mon.stop();
      await server.stop();
    }
  });
});
