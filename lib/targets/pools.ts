/**
 * Connection pools of the database targets: the pool snippets (HikariCP, SQLAlchemy, Go database/sql,
 * psycopg_pool, node-postgres, pgx, mysql2), their `pool` detection layer, and their traps. A pool
 * keeps connections idle for as long as it likes; the fix is at the application layer, so it works
 * through boxes that ignore TCP keepalive: every pool's idle and lifetime limit at or below
 * `poolLimit`, below the path's timeout and the server's own idle limit, less a margin.
 *
 * Each library's defaults and options, from the source or docs named beside them; the library
 * versions this suite loads them with are in tests/real/pools.test.ts.
 */
import { choosePeriod } from '../choose';
import type { CodeLanguage } from '../filter';
import { LINUX_DEFAULTS, NODE_FIXED } from '../detection';
import { margin } from '../path';
import { detectionOf } from '../timeline';
import { pooledIdle, validatedCheckout, writes, type Socket } from '../timeline/models';
import { makeSnippet, urlHost } from '../render/snippet';
import type { Keepalive, LayerDetection, PathSummary, Plan, Snippet, Term, Warning } from '../types';
import { GO_DEFAULTS } from './code';
import { CONNECT_TIMEOUT_S, contextOf, type Context } from './target';

/** The longest pool limit the plan sets: five minutes recycles connections often enough for any box. */
export const POOL_CAP = 300;

/**
 * The pool limit: below the path's timeout (payload-only boxes included: lib/path.ts heartbeatDeadline)
 * and the server's own idle limit less a margin, on the round-value scale (lib/choose.ts).
 */
export function choosePoolLimit(path: PathSummary, serverIdle: number | undefined): number {
  const server = serverIdle === undefined ? undefined : serverIdle - margin(serverIdle);
  const deadline = [path.heartbeatDeadline, server].filter((d): d is number => d !== undefined);
  return choosePeriod(deadline.length === 0 ? undefined : Math.min(...deadline), POOL_CAP) ?? 1;
}

type DbTarget = 'postgres' | 'mysql';

/** How a pooled connection sits idle: its socket, the pool's own close timer, its validation pings. */
interface PoolSide {
  readonly sock: Socket;
  readonly closeAfter?: number;
  readonly closeNote?: string;
  readonly ping?: { readonly every: number; readonly timeout: number };
  /** The pool validates a connection before handing it out, giving up after this many seconds. */
  readonly checkout?: number;
  readonly terms: readonly Term[];
}

interface PoolLibrary {
  readonly id: 'hikaricp' | 'sqlalchemy' | 'go-sql' | 'psycopg-pool' | 'node-postgres' | 'pgx' | 'mysql2-pool';
  readonly name: string;
  readonly lang: CodeLanguage;
  readonly targets: readonly DbTarget[];
  readonly side: (ctx: Context, phase: 'before' | 'after') => PoolSide;
}

const s = (name: string, value: number): Term => ({ name, value, unit: 's' });

/** HikariCP: maxLifetime's floor is 30 s, keepaliveTime's too (below it the pool disables it): HikariConfig.validateNumerics. */
const HIKARI_FLOOR_S = 30;
/** HikariCP maxLifetime default 1800000 ms; validationTimeout 5000 ms (HikariCP README, configuration). */
const HIKARI_MAX_LIFETIME_S = 1800;
const HIKARI_VALIDATION_S = 5;
/**
 * connectionTimeout 30000 ms: how long getConnection waits (HikariCP README). A default pool keeps 10 idle
 * connections (maximumPoolSize, minimumIdle equal), all dead once the path is, and each costs its 5 s
 * validation: the checkout gives up at 30 s and the query fails (measured in tests/lab/pools.test.ts).
 */
const HIKARI_CHECKOUT_S = 30;
const HIKARI_CHECKOUT_NOTE = `connectionTimeout (${HIKARI_CHECKOUT_S} s) ends the checkout: each dead idle connection cost its ${HIKARI_VALIDATION_S} s validation, and the query fails`;
/** keepaliveTime: half the pool limit, at least HikariCP's 30 s floor, and below maxLifetime; none when that cannot be. */
export const hikariKeepalive = (limit: number): number | undefined =>
  limit > HIKARI_FLOOR_S ? Math.max(HIKARI_FLOOR_S, Math.floor(limit / 2)) : undefined;
export const hikariLifetime = (limit: number): number => Math.max(HIKARI_FLOOR_S, limit);

/** pg-pool 3.x: idleTimeoutMillis defaults to 10000, a timer per idle client above `min` (pg-pool/index.js). */
const PG_POOL_IDLE_S = 10;
/** mysql2 3.x pool: idleTimeout 60000 ms, applied by a reaper that runs every second, only when maxIdle < connectionLimit (lib/base/pool.js). */
const MYSQL2_IDLE_S = 60;
export const MYSQL2_CONNECTION_LIMIT = 10;
/** pgx v4/v5 pgxpool: MaxConnIdleTime 30 min, enforced by the health check every minute (pgxpool/pool.go defaults). */
const PGX_IDLE_S = 1800;
const PGX_HEALTH_S = 60;
/** pgconn's default dialer: net.Dialer{KeepAlive: 5 min}, which Go applies as both idle and interval, with the OS's 9 probes (pgconn/config.go). */
const PGX_KEEPALIVE: Keepalive = { idle: 300, interval: 300, count: 9 };

/** pgx's health check period and idle time: the check runs every H, so idle X + H stays within the limit. */
export function pgxTimes(limit: number): { idle: number; health: number } {
  const health = Math.min(PGX_HEALTH_S, Math.max(1, margin(limit)));
  return { idle: Math.max(1, limit - health), health };
}

const after = (ctx: Context, owner: string, k: Keepalive | undefined, userTimeoutMs?: number): Socket => ({
  keepalive: k,
  userTimeoutMs,
  retries2: ctx.values.retries2,
  owner,
});
const limitOf = (ctx: Context) => ctx.values.poolLimit ?? POOL_CAP;

export const POOL_LIBRARIES: readonly PoolLibrary[] = [
  {
    id: 'hikaricp',
    name: 'HikariCP',
    lang: 'java',
    targets: ['postgres', 'mysql'],
    side: (ctx, phase) => {
      const owner = 'HikariCP';
      if (phase === 'before') {
        // maxLifetime retires idle connections (idleTimeout only acts with minimumIdle < maximumPoolSize, by
        // default equal); keepaliveTime is 0 (off) in 4.x and 5.0. PgJDBC's tcpKeepAlive is off by default,
        // MySQL and MariaDB Connector/J's on with the kernel's timers (FACTS.md sections 4 and 5).
        const k = ctx.input.target === 'postgres' ? undefined : LINUX_DEFAULTS;
        return {
          sock: { keepalive: k, owner },
          closeAfter: HIKARI_MAX_LIFETIME_S,
          closeNote: 'maxLifetime (30 min) retires the idle connection',
          checkout: HIKARI_CHECKOUT_S,
          terms: [
            s('maxLifetime', HIKARI_MAX_LIFETIME_S),
            s('validationTimeout', HIKARI_VALIDATION_S),
            s('connectionTimeout', HIKARI_CHECKOUT_S),
          ],
        };
      }
      const limit = limitOf(ctx);
      const every = hikariKeepalive(limit);
      return {
        // tcpKeepAlive=true in the URL: the kernel's values, which the sysctl snippet sets.
        sock: after(ctx, owner, ctx.values.keepalive),
        closeAfter: hikariLifetime(limit),
        closeNote: 'maxLifetime retires the idle connection',
        ping: every === undefined ? undefined : { every, timeout: HIKARI_VALIDATION_S },
        checkout: HIKARI_CHECKOUT_S,
        terms: [
          s('maxLifetime', hikariLifetime(limit)),
          ...(every === undefined ? [] : [s('keepaliveTime', every), s('validationTimeout', HIKARI_VALIDATION_S)]),
        ],
      };
    },
  },
  {
    id: 'sqlalchemy',
    name: 'SQLAlchemy',
    lang: 'python',
    targets: ['postgres', 'mysql'],
    side: (ctx, phase) => {
      const owner = 'SQLAlchemy';
      // pool_recycle acts at checkout only and pool_pre_ping pings at checkout: no timer ends an idle
      // connection, the socket's keepalive does (libpq keepalives=1 and PyMySQL's SO_KEEPALIVE with the
      // OS timers before; the snippet's libpq keywords or the sysctl snippet after).
      if (phase === 'before') return { sock: { keepalive: LINUX_DEFAULTS, owner }, terms: [] };
      const u = ctx.input.target === 'postgres' ? ctx.values.userTimeoutMs : undefined;
      return { sock: after(ctx, owner, ctx.values.keepalive, u), terms: [s('pool_recycle', limitOf(ctx))] };
    },
  },
  {
    id: 'go-sql',
    name: 'Go database/sql',
    lang: 'go',
    targets: ['postgres', 'mysql'],
    side: (ctx, phase) => {
      const owner = 'database/sql';
      // No idle time or lifetime by default; Go's dialer keeps 15 s / 15 s / 9 (FACTS.md section 2).
      if (phase === 'before') return { sock: { keepalive: GO_DEFAULTS, owner }, terms: [] };
      const limit = limitOf(ctx);
      return {
        sock: after(ctx, owner, GO_DEFAULTS),
        closeAfter: limit,
        closeNote: "SetConnMaxIdleTime's cleaner closes the idle connection",
        terms: [s('ConnMaxIdleTime', limit)],
      };
    },
  },
  {
    id: 'psycopg-pool',
    name: 'psycopg_pool',
    lang: 'python',
    targets: ['postgres'],
    side: (ctx, phase) => {
      const owner = 'psycopg_pool';
      // max_lifetime is checked when a connection comes back, max_idle only shrinks above min_size (psycopg_pool
      // 3.1 pool.py): an idle dead connection stays until the socket's keepalive ends it.
      if (phase === 'before') return { sock: { keepalive: LINUX_DEFAULTS, owner }, terms: [] };
      return {
        sock: after(ctx, owner, ctx.values.keepalive, ctx.values.userTimeoutMs),
        terms: [s('max_idle', limitOf(ctx))],
      };
    },
  },
  {
    id: 'node-postgres',
    name: 'node-postgres',
    lang: 'node',
    targets: ['postgres'],
    side: (ctx, phase) => {
      const owner = 'node-postgres';
      const idleS = phase === 'before' ? PG_POOL_IDLE_S : Math.min(PG_POOL_IDLE_S, limitOf(ctx));
      const terms = [s('idleTimeoutMillis', idleS)];
      // keepAlive false by default (pg/lib/client.js); keepAliveInitialDelayMillis T × 1000 under libuv: T, 1 s, 10.
      if (phase === 'before')
        return {
          sock: { keepalive: undefined, owner },
          closeAfter: idleS,
          closeNote: 'idleTimeoutMillis closes the idle client',
          terms,
        };
      return {
        sock: after(ctx, owner, { idle: ctx.values.keepalive.idle, ...NODE_FIXED }),
        closeAfter: idleS,
        closeNote: 'idleTimeoutMillis closes the idle client',
        terms,
      };
    },
  },
  {
    id: 'pgx',
    name: 'pgx pool',
    lang: 'go',
    targets: ['postgres'],
    side: (ctx, phase) => {
      const owner = 'pgxpool';
      const t = phase === 'before' ? { idle: PGX_IDLE_S, health: PGX_HEALTH_S } : pgxTimes(limitOf(ctx));
      const sock = phase === 'before' ? { keepalive: PGX_KEEPALIVE, owner } : after(ctx, owner, PGX_KEEPALIVE);
      return {
        sock,
        closeAfter: t.idle + t.health,
        closeNote: 'the health check closes the connection idle past pool_max_conn_idle_time',
        terms: [s('pool_max_conn_idle_time', t.idle), s('pool_health_check_period', t.health)],
      };
    },
  },
  {
    id: 'mysql2-pool',
    name: 'mysql2 pool',
    lang: 'node',
    targets: ['mysql'],
    side: (ctx, phase) => {
      const owner = 'mysql2';
      // enableKeepAlive is on with no initial delay (the OS's timers), and the reaper is off (FACTS.md section 5; lib/base/pool.js).
      if (phase === 'before') return { sock: { keepalive: LINUX_DEFAULTS, owner }, terms: [] };
      const idleS = Math.min(MYSQL2_IDLE_S, limitOf(ctx));
      // The reaper runs once a second: an idle connection goes at most 1 s after idleTimeout.
      return {
        sock: after(ctx, owner, { idle: ctx.values.keepalive.idle, ...NODE_FIXED }),
        closeAfter: idleS + 1,
        closeNote: "idleTimeout's reaper destroys the idle connection",
        terms: [s('idleTimeout', idleS)],
      };
    },
  },
];

/** The pool libraries of this target whose language the input shows, in page order. */
export function poolsShown(ctx: Pick<Context, 'input'>): PoolLibrary[] {
  const target = ctx.input.target;
  return POOL_LIBRARIES.filter(
    (p) => (p.targets as readonly string[]).includes(target) && ctx.input.lang.includes(p.lang),
  );
}

function sideModels(lib: PoolLibrary, side: PoolSide) {
  const by = side.sock.owner;
  // How long a dead connection can stay in the pool: its close timer, or a validation ping's verdict.
  const inPool = [side.closeAfter, side.ping ? side.ping.every + side.ping.timeout : undefined].filter(
    (t): t is number => t !== undefined,
  );
  const cap = inPool.length === 0 ? undefined : Math.min(...inPool);
  return [
    pooledIdle(side.sock, by, { closeAfter: side.closeAfter, closeNote: side.closeNote, ping: side.ping }, side.terms),
    side.checkout !== undefined
      ? validatedCheckout(side.sock, by, side.checkout, cap, side.terms, HIKARI_CHECKOUT_NOTE)
      : // The application checks the connection out and writes a query on it (pool_pre_ping's ping alike):
        // data in flight, so keepalive stops and the retransmission timer (U or tcp_retries2) decides.
        writes(
          'waiting-for-reply',
          side.sock,
          by,
          `the application runs a query on the pooled connection (${lib.name})`,
          cap,
        ),
  ];
}

/**
 * The `pool` layer: the worst of the shown pool libraries, each idle in its pool or on its first query
 * after the death. Each library's own detection is kept as a part, for its snippet's header.
 */
export function poolLayer(ctx: Context): LayerDetection[] {
  const libs = poolsShown(ctx);
  if (libs.length === 0) return [];
  const models = (phase: 'before' | 'after') => libs.map((lib) => sideModels(lib, lib.side(ctx, phase)));
  const before = models('before');
  const after = models('after');
  return [
    {
      layer: 'pool',
      label: `a pooled connection (${libs.map((l) => l.name).join(', ')})`,
      before: detectionOf(before.flat()),
      after: detectionOf(after.flat()),
      parts: libs.map((lib, i) => ({ id: lib.id, before: detectionOf(before[i]!), after: detectionOf(after[i]!) })),
    },
  ];
}

/** The traps of the shown pools, each beside its snippet. */
export function poolWarnings(ctx: Context): Warning[] {
  const shown = new Set(poolsShown(ctx).map((p) => p.id));
  const limit = limitOf(ctx);
  const w: Warning[] = [];
  if (shown.has('sqlalchemy'))
    w.push({
      code: 'pool-checkout-only',
      concerns: 'sqlalchemy',
      message: `pool_recycle acts only when a connection is checked out: a connection your code holds outside the pool (a long session, a worker that keeps one) is not recycled and still meets the path's timeout. pool_pre_ping then replaces a connection the server closed; on a path that drops silently it waits like any query, so the socket's keepalive values matter too.`,
    });
  if (shown.has('hikaricp')) {
    w.push({
      code: 'pool-lifetime-idle-only',
      concerns: 'hikaricp',
      message:
        "HikariCP retires a connection at maxLifetime only while it is idle, and keepaliveTime pings only idle connections: a transaction that keeps a connection longer than the path's timeout without traffic is still cut.",
    });
    if (hikariKeepalive(limit) === undefined)
      w.push({
        code: 'pool-keepalive-floor',
        concerns: 'hikaricp',
        message: `HikariCP refuses a maxLifetime or keepaliveTime below 30 s (it falls back to 30 min, or disables keepaliveTime, with only a WARN in its log): the pool limit of ${limit} s cannot be set there. Use a cheap query from your code more often, or raise the path's timeout.`,
      });
  }
  if (shown.has('psycopg-pool'))
    w.push({
      code: 'pool-no-check',
      concerns: 'psycopg-pool',
      message:
        'psycopg_pool before 3.2 hands out a connection without checking it, even past max_lifetime (checked only when a connection comes back), and max_idle shrinks the pool only above min_size: the libpq keepalive keywords in the snippet are what end a dead idle connection. From 3.2, check=ConnectionPool.check_connection checks each one before use.',
    });
  if (shown.has('mysql2-pool'))
    w.push({
      code: 'pool-idle-reaper',
      concerns: 'mysql2-pool',
      message: `mysql2 closes idle connections after idleTimeout only when maxIdle is below connectionLimit (by default they are equal, and idle connections live forever): the snippet sets maxIdle ${MYSQL2_CONNECTION_LIMIT - 1} for a connectionLimit of ${MYSQL2_CONNECTION_LIMIT}.`,
    });
  return w;
}

/** A Python or JavaScript string literal (JSON's escapes are valid in both). */
const str = (v: string) => JSON.stringify(v);

interface DbInfo {
  readonly target: DbTarget;
  readonly host: string;
  readonly port: number;
  /** PostgreSQL's libpq keywords (with the plan's keepalive and U), as [key, value] pairs. */
  readonly libpq: readonly (readonly [string, number | string])[];
  readonly mariadb: boolean;
}

function hikariLines(plan: Plan, db: DbInfo): string[] {
  const limit = plan.values.poolLimit ?? POOL_CAP;
  const every = hikariKeepalive(limit);
  const scheme = db.target === 'postgres' ? 'postgresql' : 'mysql';
  return [
    '# HikariConfig properties: new HikariConfig("hikari.properties"), or spring.datasource.hikari.* in Spring Boot.',
    '# tcpKeepAlive=true switches SO_KEEPALIVE on with the kernel timers: apply the sysctl snippet on this host.',
    `jdbcUrl=jdbc:${scheme}://${urlHost(db.host)}:${db.port}/app?tcpKeepAlive=true`,
    '# Retires each idle connection before the path or the server forgets it (ms; at least 30000).',
    `maxLifetime=${hikariLifetime(limit) * 1000}`,
    ...(every === undefined
      ? ['# keepaliveTime is left out: HikariCP disables it below 30000 ms.']
      : [
          '# HikariCP 4.0.0+: pings each idle connection this often (ms); below 30000 it is silently disabled.',
          `keepaliveTime=${every * 1000}`,
        ]),
  ];
}

function sqlalchemyLines(plan: Plan, db: DbInfo): string[] {
  const limit = plan.values.poolLimit ?? POOL_CAP;
  const url =
    db.target === 'postgres'
      ? `postgresql+psycopg2://${urlHost(db.host)}:${db.port}/app`
      : `mysql+pymysql://${urlHost(db.host)}:${db.port}/app`;
  const args =
    db.target === 'postgres'
      ? db.libpq.filter(([k]) => !['host', 'port', 'dbname'].includes(k))
      : [['connect_timeout', CONNECT_TIMEOUT_S] as const];
  return [
    'from sqlalchemy import create_engine',
    '',
    ...(db.target === 'postgres'
      ? ['# psycopg2 passes connect_args to libpq: the keepalive keywords apply to each pooled socket.']
      : ['# PyMySQL always enables SO_KEEPALIVE with the kernel timers: the sysctl snippet sets them.']),
    'engine = create_engine(',
    `    ${str(url)},`,
    '    # Replaces a connection the server closed when it is checked out.',
    '    pool_pre_ping=True,',
    '    # Seconds: a connection older than this is replaced when it is checked out (not by a timer).',
    `    pool_recycle=${limit},`,
    `    connect_args={${args.map(([k, v]) => `${str(k)}: ${typeof v === 'number' ? v : str(v)}`).join(', ')}},`,
    ')',
  ];
}

function goSqlLines(plan: Plan, db: DbInfo): string[] {
  const limit = plan.values.poolLimit ?? POOL_CAP;
  const [driver, dsn, pkg] =
    db.target === 'postgres'
      ? [
          'postgres',
          `host=${db.host} port=${db.port} dbname=app connect_timeout=${CONNECT_TIMEOUT_S}`,
          'github.com/lib/pq',
        ]
      : [
          'mysql',
          `tcp(${urlHost(db.host)}:${db.port})/app?timeout=${CONNECT_TIMEOUT_S}s`,
          'github.com/go-sql-driver/mysql',
        ];
  return [
    'package db',
    '',
    'import (',
    '\t"database/sql"',
    '\t"time"',
    '',
    `\t_ ${str(pkg)}`,
    ')',
    '',
    '// Open returns a pool whose idle connections never outlive the path or the server.',
    ...(db.target === 'postgres'
      ? ["// lib/pq's default TLS mode is require (libpq's is prefer): a server without TLS refuses its connections."]
      : []),
    'func Open() (*sql.DB, error) {',
    `\tdb, err := sql.Open(${str(driver)}, ${str(dsn)})`,
    '\tif err != nil {',
    '\t\treturn nil, err',
    '\t}',
    '\t// Go 1.15+. Closes connections idle this long; the default keeps them forever.',
    `\tdb.SetConnMaxIdleTime(${limit} * time.Second)`,
    '\t// Retires every connection at this age, when it is next idle.',
    `\tdb.SetConnMaxLifetime(${limit} * time.Second)`,
    '\treturn db, nil',
    '}',
  ];
}

function psycopgPoolLines(plan: Plan, db: DbInfo): string[] {
  const limit = plan.values.poolLimit ?? POOL_CAP;
  const conninfo = db.libpq.map(([k, v]) => `${k}=${v}`).join(' ');
  return [
    'from psycopg_pool import ConnectionPool',
    '',
    '# libpq sets the keepalive keywords on each pooled socket.',
    'pool = ConnectionPool(',
    `    ${str(conninfo)},`,
    '    # Seconds. max_idle closes connections idle this long above min_size; max_lifetime retires',
    '    # connections this old when they come back to the pool.',
    `    max_idle=${limit},`,
    `    max_lifetime=${limit},`,
    '    # psycopg_pool 3.2+: check each connection before handing it out.',
    '    # check=ConnectionPool.check_connection,',
    ')',
  ];
}

function nodePostgresLines(plan: Plan, db: DbInfo): string[] {
  const limit = plan.values.poolLimit ?? POOL_CAP;
  const k = plan.values.keepalive;
  return [
    'import pg from "pg";',
    '',
    '// keepAliveInitialDelayMillis sets the idle time only; libuv then probes every 1 s, 10 times.',
    'export const pool = new pg.Pool({',
    `  host: ${str(db.host)},`,
    `  port: ${db.port},`,
    '  database: "app",',
    '  keepAlive: true,',
    `  keepAliveInitialDelayMillis: ${k.idle * 1000},`,
    '  // Closes clients idle this long (10000 by default; 0 keeps them forever).',
    `  idleTimeoutMillis: ${Math.min(PG_POOL_IDLE_S, limit) * 1000},`,
    '  // Retires every client at this age (seconds; 0, the default, never does).',
    `  maxLifetimeSeconds: ${limit},`,
    `  connectionTimeoutMillis: ${CONNECT_TIMEOUT_S * 1000},`,
    '});',
  ];
}

function pgxLines(plan: Plan, db: DbInfo): string[] {
  const limit = plan.values.poolLimit ?? POOL_CAP;
  const t = pgxTimes(limit);
  const conn = `host=${db.host} port=${db.port} dbname=app connect_timeout=${CONNECT_TIMEOUT_S} pool_max_conn_lifetime=${limit}s pool_max_conn_idle_time=${t.idle}s pool_health_check_period=${t.health}s`;
  return [
    'package db',
    '',
    'import (',
    '\t"context"',
    '',
    '\t"github.com/jackc/pgx/v5/pgxpool"',
    ')',
    '',
    '// The health check runs every pool_health_check_period and closes connections idle past',
    '// pool_max_conn_idle_time: together at most the pool limit. pgx v4 reads the same string',
    '// (github.com/jackc/pgx/v4/pgxpool, with pgxpool.ConnectConfig in place of NewWithConfig).',
    `const connString = ${str(conn)}`,
    '',
    'func Open(ctx context.Context) (*pgxpool.Pool, error) {',
    '\tconfig, err := pgxpool.ParseConfig(connString)',
    '\tif err != nil {',
    '\t\treturn nil, err',
    '\t}',
    '\treturn pgxpool.NewWithConfig(ctx, config)',
    '}',
  ];
}

function mysql2Lines(plan: Plan, db: DbInfo): string[] {
  const limit = plan.values.poolLimit ?? POOL_CAP;
  const k = plan.values.keepalive;
  return [
    'import mysql from "mysql2/promise";',
    '',
    '// keepAliveInitialDelay sets the idle time only; libuv then probes every 1 s, 10 times.',
    'export const pool = mysql.createPool({',
    `  host: ${str(db.host)},`,
    `  port: ${db.port},`,
    '  database: "app",',
    '  enableKeepAlive: true,',
    `  keepAliveInitialDelay: ${k.idle * 1000},`,
    `  connectionLimit: ${MYSQL2_CONNECTION_LIMIT},`,
    '  // Below connectionLimit: only then does mysql2 close idle connections after idleTimeout.',
    `  maxIdle: ${MYSQL2_CONNECTION_LIMIT - 1},`,
    `  idleTimeout: ${Math.min(MYSQL2_IDLE_S, limit) * 1000},`,
    '});',
  ];
}

const BODIES: Readonly<Record<PoolLibrary['id'], (plan: Plan, db: DbInfo) => string[]>> = {
  hikaricp: hikariLines,
  sqlalchemy: sqlalchemyLines,
  'go-sql': goSqlLines,
  'psycopg-pool': psycopgPoolLines,
  'node-postgres': nodePostgresLines,
  pgx: pgxLines,
  'mysql2-pool': mysql2Lines,
};

const META: Readonly<
  Record<PoolLibrary['id'], { title: string; filename: string; destination: string; language: Snippet['language'] }>
> = {
  hikaricp: {
    title: 'HikariCP pool',
    filename: 'hikari.properties',
    destination: 'your HikariCP properties (or spring.datasource.hikari.*)',
    language: 'properties',
  },
  sqlalchemy: {
    title: 'SQLAlchemy engine pool',
    filename: 'engine.py',
    destination: 'where your Python code creates the engine',
    language: 'python',
  },
  'go-sql': {
    title: 'Go database/sql pool',
    filename: 'db.go',
    destination: 'where your Go code opens the database',
    language: 'go',
  },
  'psycopg-pool': {
    title: 'psycopg_pool pool',
    filename: 'pool.py',
    destination: 'where your Python code creates the pool',
    language: 'python',
  },
  'node-postgres': {
    title: 'node-postgres pool',
    filename: 'pool.mjs',
    destination: 'where your Node.js code creates the pool',
    language: 'javascript',
  },
  pgx: { title: 'pgx pool', filename: 'pool.go', destination: 'where your Go code creates the pool', language: 'go' },
  'mysql2-pool': {
    title: 'Node.js mysql2 pool',
    filename: 'pool.mjs',
    destination: 'where your Node.js code creates the pool',
    language: 'javascript',
  },
};

/**
 * The pool snippets of a database target, in page order, each with its own library's worst case (the
 * `pool` layer is the worst of them). Nothing changes when no values fit: then no snippet is rendered.
 */
export function poolSnippets(plan: Plan, db: DbInfo): Snippet[] {
  const ctx = contextOf(plan);
  // The plan's pool layer holds the shown libraries' own detections; the others are computed here.
  const parts = plan.detection.find((d) => d.layer === 'pool')?.parts ?? [];
  const worst = (lib: PoolLibrary) =>
    parts.find((p) => p.id === lib.id) ?? {
      before: detectionOf(sideModels(lib, lib.side(ctx, 'before'))),
      after: detectionOf(sideModels(lib, lib.side(ctx, 'after'))),
    };
  return POOL_LIBRARIES.filter((p) => (p.targets as readonly string[]).includes(db.target)).map((p) =>
    makeSnippet(plan, { id: p.id, ...META[p.id] }, worst(p), BODIES[p.id](plan, db)),
  );
}

export type { DbInfo };
