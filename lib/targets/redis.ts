/**
 * Redis: the server's `tcp-keepalive`, and its clients ioredis, node-redis and redis-py.
 *
 * The server turns `tcp-keepalive N` into three socket options on every client connection (anetKeepAlive
 * in src/anet.c, Redis 7.0): TCP_KEEPIDLE = N, TCP_KEEPINTVL = N / 3 (integer division, at least 1) and
 * TCP_KEEPCNT = 3, so a dead idle client is found after about 2N seconds and the largest gap between two
 * segments is N + N / 3. The default is 300 since 3.2.1 (redis.conf), so the gap is 400 s, longer than
 * many NAT and conntrack timeouts. `timeout` (default 0) closes idle clients but not Pub/Sub subscribers.
 * tests/real/redis.test.ts reads the values back from a running redis-server.
 */
import { NICE, choosePeriod } from '../choose';
import { LINUX_DEFAULTS, NODE_FIXED } from '../detection';
import { PER_SOCKET_LIMITS } from '../kernel';
import { boundName } from '../path';
import { makeSnippet, layerWorst } from '../render/snippet';
import { detectionOf } from '../timeline';
import { idle, pinging, writes, type Socket } from '../timeline/models';
import type { Infeasible, Keepalive, LayerDetection, PathSummary, Term, Warning } from '../types';
import { contextOf, planSocket, type Context, type Target } from './target';

/** Redis's default port. */
const PORT = 6379;
/** `tcp-keepalive` default since Redis 3.2.1 (redis.conf). */
export const REDIS_DEFAULT_KEEPALIVE = 300;
/** node-redis 5 (@redis/client dist/lib/client/socket.js): keepAlive on, keepAliveInitialDelay 5000 ms. */
const NODE_REDIS_DELAY_MS = 5000;
/** A PING at least once a minute carries payload through boxes that ignore TCP keepalive. */
const PING_CAP = 60;

/** The socket options Redis sets for `tcp-keepalive N` (anetKeepAlive). */
export function redisKeepalive(n: number): Keepalive {
  return { idle: n, interval: Math.max(1, Math.floor(n / 3)), count: 3 };
}

/**
 * The largest round N whose gap N + N / 3 stays below the path's probe deadline and whose 2N-ish
 * detection meets the goal; Redis's own 300 s is the cap.
 */
export function chooseRedisKeepalive(path: PathSummary, goal: number | undefined): number | Infeasible {
  const fitsPath = (n: number) => {
    const k = redisKeepalive(n);
    return path.probeDeadline === undefined || k.idle + k.interval < path.probeDeadline;
  };
  const fitsGoal = (n: number) => {
    const k = redisKeepalive(n);
    return goal === undefined || k.idle + k.count * k.interval <= goal;
  };
  const n = [...NICE].reverse().find((v) => v <= REDIS_DEFAULT_KEEPALIVE && fitsPath(v) && fitsGoal(v));
  if (n !== undefined) return n;
  // The smallest N (1) fits the path: then only the goal is out of reach.
  return goal !== undefined && fitsPath(1)
    ? {
        constraint: 'goal',
        message: `No tcp-keepalive detects a dead client within the goal of ${goal} s: Redis probes three times a third of N apart, so the fastest is 4 s (N = 1). Raise the goal.`,
      }
    : {
        constraint: 'path-timeout',
        message:
          'The path forgets idle connections within a few seconds: no tcp-keepalive of Redis fits below it. Send a PING more often from the clients.',
      };
}

const s = (name: string, value: number): Term => ({ name, value, unit: 's' });

/** The server's socket to one client, before (300) and after (the plan's N). */
function serverSocket(ctx: Context, phase: 'before' | 'after'): Socket {
  const n = phase === 'before' ? REDIS_DEFAULT_KEEPALIVE : (ctx.values.redisKeepalive ?? REDIS_DEFAULT_KEEPALIVE);
  return {
    keepalive: redisKeepalive(n),
    retries2: phase === 'after' ? ctx.values.retries2 : undefined,
    owner: 'the Redis server',
  };
}

/** The server: an idle client found by its keepalive; a reply or a Pub/Sub message written into the dead path (FACTS.md section 10). */
function serverModels(ctx: Context, phase: 'before' | 'after') {
  const sock = serverSocket(ctx, phase);
  return [
    idle(sock),
    writes('writing-result', sock, 'the Redis server', 'the server writes a reply or a Pub/Sub message'),
  ];
}

interface RedisClient {
  readonly name: string;
  readonly lang: 'node' | 'python';
  readonly sock: (ctx: Context, phase: 'before' | 'after') => Socket;
  /** A PING every this many seconds while idle (node-redis pingInterval), or none. */
  readonly ping?: (ctx: Context, phase: 'before' | 'after') => number | undefined;
}

const CLIENTS: readonly RedisClient[] = [
  {
    // ioredis 5: keepAlive 0 by default, passed to setKeepAlive(true, 0): the OS's timers (lib/redis/RedisOptions.ts,
    // Redis.ts); a number of ms is libuv's initial delay, then 1 s × 10 (FACTS.md section 2).
    name: 'ioredis',
    lang: 'node',
    sock: (ctx, phase) =>
      phase === 'before'
        ? { keepalive: LINUX_DEFAULTS, owner: 'ioredis' }
        : {
            keepalive: { idle: ctx.values.keepalive.idle, ...NODE_FIXED },
            retries2: ctx.values.retries2,
            owner: 'ioredis',
          },
  },
  {
    // node-redis 5: keepAlive on with a 5000 ms delay by default, which the snippet keeps; pingInterval off by default.
    name: 'node-redis',
    lang: 'node',
    sock: (ctx, phase) => ({
      keepalive: { idle: NODE_REDIS_DELAY_MS / 1000, ...NODE_FIXED },
      retries2: phase === 'after' ? ctx.values.retries2 : undefined,
      owner: 'node-redis',
    }),
    ping: (ctx, phase) => (phase === 'after' ? ctx.values.redisPing : undefined),
  },
  {
    // redis-py 4: socket_keepalive off by default (redis/connection.py); with it, socket_keepalive_options are setsockopt calls.
    name: 'redis-py',
    lang: 'python',
    sock: (ctx, phase) =>
      phase === 'before'
        ? { keepalive: undefined, owner: 'redis-py' }
        : planSocket(ctx, 'after', 'redis-py', ctx.values.userTimeoutMs),
  },
];

const clientsShown = (ctx: Pick<Context, 'input'>) => CLIENTS.filter((c) => ctx.input.lang.includes(c.lang));

function clientModels(c: RedisClient, ctx: Context, phase: 'before' | 'after') {
  const sock = c.sock(ctx, phase);
  const ping = c.ping?.(ctx, phase);
  const quiet = ping === undefined ? idle(sock) : pinging(sock, ping, c.name, [s('pingInterval', ping)]);
  return [quiet, writes('waiting-for-reply', sock, c.name, `the application sends a command (${c.name})`)];
}

function clientLayer(ctx: Context): LayerDetection[] {
  const shown = clientsShown(ctx);
  if (shown.length === 0) return [];
  const detect = (phase: 'before' | 'after') => detectionOf(shown.flatMap((c) => clientModels(c, ctx, phase)));
  return [
    {
      layer: 'redis-client',
      label: `a Redis client (${shown.map((c) => c.name).join(', ')})`,
      before: detect('before'),
      after: detect('after'),
    },
  ];
}

/** One client's own before and after, for its snippet's header. */
function clientWorst(ctx: Context, name: string) {
  const c = CLIENTS.find((x) => x.name === name);
  if (!c) return undefined;
  return { before: detectionOf(clientModels(c, ctx, 'before')), after: detectionOf(clientModels(c, ctx, 'after')) };
}

const str = (v: string) => JSON.stringify(v);

export const redis = {
  id: 'redis',
  fields: [
    {
      key: 'dbhost',
      group: 'name',
      control: 'text',
      label: 'Redis host',
      hint: 'Used in the client snippets.',
      placeholder: 'db.example.com',
      shown: (input) => input.dbhost,
    },
  ],
  limits: PER_SOCKET_LIMITS,
  userTimeout: () => true,
  headline: 'redis-server',
  extras: (input, path) => {
    const n = chooseRedisKeepalive(path, input.goal);
    if (typeof n !== 'number') return n;
    // Only a box that ignores TCP keepalive needs the clients' PINGs: node-redis pingInterval, in ms in the snippet.
    const ping = path.payloadTimeout === undefined ? undefined : choosePeriod(path.heartbeatDeadline, PING_CAP);
    return {
      redisKeepalive: n,
      redisPing: ping,
      redisHealthCheck: choosePeriod(path.heartbeatDeadline, PING_CAP) ?? PING_CAP,
    };
  },
  layers: (ctx) => [
    {
      layer: 'redis-server',
      label: 'the Redis server (tcp-keepalive)',
      before: detectionOf(serverModels(ctx, 'before')),
      after: detectionOf(serverModels(ctx, 'after')),
    },
    ...clientLayer(ctx),
  ],
  warnings: (ctx) => {
    const { path, input } = ctx;
    const w: Warning[] = [
      {
        code: 'redis-pubsub-ping',
        concerns: 'redis-conf',
        message:
          "A Pub/Sub subscriber's connection carries nothing while no message is published, and the server's timeout does not apply to it: only keepalive probes (tcp-keepalive, the clients' own) keep a NAT or firewall from forgetting it, and a box that ignores probes needs a PING from the client (node-redis pingInterval; redis-py's health_check_interval only runs when you call get_message).",
      },
    ];
    if (input.lang.includes('node'))
      w.push({
        code: 'redis-keepalive-delay',
        concerns: 'ioredis',
        message:
          "ioredis's keepAlive is the delay in milliseconds before the first probe, not a switch: keepAlive: 1 probes after 1 ms, keepAlive: true turns keepalive off (measured in tests/real/redis.test.ts), and its default 0 keeps the kernel's 2 h.",
      });
    if (path.payloadTimeout !== undefined) {
      w.push({
        code: 'l7-proxy-ignores-keepalive',
        concerns: 'via',
        message: `${boundName(path.payloadFrom)} ignores TCP keepalive probes and closes connections idle for ${path.payloadTimeout} s: the node-redis snippet PINGs every ${ctx.values.redisPing ?? 0} s; ioredis and redis-py connections need a command (PING) that often from your code.`,
      });
    }
    return w;
  },
  gaps: ({ values }, phase) => {
    // The server's probes keep every client connection's packet boxes alive, whichever the client.
    const k = redisKeepalive(
      phase === 'before' ? REDIS_DEFAULT_KEEPALIVE : (values.redisKeepalive ?? REDIS_DEFAULT_KEEPALIVE),
    );
    return { packet: k.idle + k.interval, payload: undefined };
  },
  snippets: (plan) => {
    const n = plan.values.redisKeepalive ?? REDIS_DEFAULT_KEEPALIVE;
    const rk = redisKeepalive(n);
    const k = plan.values.keepalive;
    const u = plan.values.userTimeoutMs;
    const host = plan.input.dbhost;
    const ctx = contextOf(plan);
    const conf = [
      `# Redis sets each client socket's idle time to ${rk.idle} s, its probe interval to a third (${rk.interval} s) and 3 probes.`,
      '# The last tcp-keepalive line of redis.conf wins: append this one, or run CONFIG SET tcp-keepalive too.',
      `tcp-keepalive ${n}`,
      "# Leave `timeout` as it is (0 by default): it closes idle clients, your pools' connections among them.",
    ];
    const ping = plan.values.redisPing;
    const ioredis = [
      'import Redis from "ioredis";',
      '',
      '// keepAlive is the delay in ms before the first probe (1 would mean 1 ms); libuv then probes every 1 s, 10 times.',
      'export const redis = new Redis({',
      `  host: ${str(host)},`,
      `  port: ${PORT},`,
      `  keepAlive: ${k.idle * 1000},`,
      '  connectTimeout: 10000,',
      '});',
    ];
    const nodeRedis = [
      'import { createClient } from "redis";',
      '',
      'export const client = createClient({',
      '  socket: {',
      `    host: ${str(host)},`,
      `    port: ${PORT},`,
      '    // On by default: the first probe after 5 s idle, then every 1 s, 10 times (libuv).',
      '    keepAlive: true,',
      `    keepAliveInitialDelay: ${NODE_REDIS_DELAY_MS},`,
      '    connectTimeout: 10000,',
      '  },',
      ...(ping === undefined
        ? []
        : [
            '  // ms: a PING this often carries payload through the box that ignores TCP keepalive.',
            `  pingInterval: ${ping * 1000},`,
          ]),
      '});',
      'await client.connect();',
    ];
    const redisPy = [
      'import socket',
      '',
      'import redis',
      '',
      '# socket_keepalive_options are setsockopt calls on the IPPROTO_TCP level of each connection.',
      'r = redis.Redis(',
      `    host=${str(host)},`,
      `    port=${PORT},`,
      '    socket_keepalive=True,',
      '    socket_keepalive_options={',
      `        socket.TCP_KEEPIDLE: ${k.idle},`,
      `        socket.TCP_KEEPINTVL: ${k.interval},`,
      `        socket.TCP_KEEPCNT: ${k.count},`,
      ...(u ? [`        socket.TCP_USER_TIMEOUT: ${u},`] : []),
      '    },',
      '    # Seconds: a command after this much idle time first sends a PING (before a command only: not a timer).',
      `    health_check_interval=${plan.values.redisHealthCheck ?? PING_CAP},`,
      '    socket_connect_timeout=10,',
      ')',
    ];
    const client = (name: string) => clientWorst(ctx, name);
    return [
      makeSnippet(
        plan,
        {
          id: 'redis-conf',
          title: 'Redis server keepalive (redis.conf)',
          filename: 'redis.conf',
          destination: 'the end of redis.conf (or CONFIG SET tcp-keepalive)',
          language: 'ini',
        },
        layerWorst(plan, 'redis-server'),
        conf,
      ),
      makeSnippet(
        plan,
        {
          id: 'ioredis',
          title: 'ioredis client',
          filename: 'redis.mjs',
          destination: 'where your Node.js code creates the client',
          language: 'javascript',
        },
        client('ioredis'),
        ioredis,
      ),
      makeSnippet(
        plan,
        {
          id: 'node-redis',
          title: 'node-redis client',
          filename: 'redis.mjs',
          destination: 'where your Node.js code creates the client',
          language: 'javascript',
        },
        client('node-redis'),
        nodeRedis,
      ),
      makeSnippet(
        plan,
        {
          id: 'redis-py',
          title: 'redis-py client',
          filename: 'redis_client.py',
          destination: 'where your Python code creates the client',
          language: 'python',
        },
        client('redis-py'),
        redisPy,
      ),
    ];
  },
  verify: (plan) => ({
    port: PORT,
    commands: [`redis-cli -h ${plan.input.dbhost} CONFIG GET tcp-keepalive`],
  }),
} as const satisfies Target;
