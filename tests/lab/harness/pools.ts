/**
 * Connection pools through a box that forgets idle flows (issue 12): the libraries, their defaults
 * (what the "before" side of the pool snippets assumes), the database servers, and one pool client per
 * library in the client's namespace (helpers/pools: pool.py, pool.mjs, go/, HikariPool.java), asked one
 * query at a time.
 */
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { startMariadb, startPostgres } from './daemons';
import { REPO } from './engine';
import type { Lab } from './lab';
import { nsExec, nsSpawn } from './netns';
import { now, until, type HelperEvent, type Proc } from './proc';
import { PYTHON, helper } from './witness';

const run = promisify(execFile);

export type PoolTarget = 'postgres' | 'mysql';

export interface PoolLibrary {
  /** The helper's name for the pool, and the table's. */
  readonly lib: string;
  /** The engine's snippet id (lib/targets, the pools contract). */
  readonly snippetId: string;
  readonly target: PoolTarget;
  readonly runtime: 'python' | 'node' | 'go' | 'java';
  /** Go only: the client's main (helpers/pools/go) and the package that builds the defaults' pool (go/defaults). */
  readonly go?: { readonly main: 'sql_main.go' | 'pgx_main.go'; readonly defaults: string };
  /** With the library's defaults: after how many idle seconds the pool itself closes a connection (null: never). */
  readonly defaultIdleLimit: number | null;
  /**
   * With the library's defaults: the idle seconds before the first keepalive probe on its sockets,
   * 'kernel' for SO_KEEPALIVE with the namespace's tcp_keepalive_time, null for no keepalive.
   */
  readonly defaultKeepaliveIdle: number | 'kernel' | null;
  /**
   * With the library's defaults: the pool tests an idle connection when it is borrowed, waiting up to
   * `validationTimeout` s, and gives up borrowing after `connectionTimeout` s (HikariCP).
   */
  readonly defaultBorrowCheck?: {
    readonly validationTimeout: number;
    readonly connectionTimeout: number;
    readonly poolSize: number;
  };
  /** Where those defaults come from. */
  readonly source: string;
  /**
   * How the application sees the kernel's ETIMEDOUT when it is not in the error itself: `logged`, the
   * driver logs it on stderr and returns its own error; `eof`, the error says only unexpected EOF.
   */
  readonly socketError?: { readonly how: 'logged' | 'eof'; readonly why: string };
}

/** The pools the lab runs. */
export const LIBRARIES: readonly PoolLibrary[] = [
  {
    lib: 'node-postgres',
    snippetId: 'node-postgres',
    target: 'postgres',
    runtime: 'node',
    defaultIdleLimit: 10,
    defaultKeepaliveIdle: null,
    source:
      'pg-pool 3.14 index.js: idleTimeoutMillis 10000 for clients above min 0; pg 8 lib/connection.js: setKeepAlive only when keepAlive is true',
  },
  {
    lib: 'mysql2-pool',
    snippetId: 'mysql2-pool',
    target: 'mysql',
    runtime: 'node',
    defaultIdleLimit: null,
    defaultKeepaliveIdle: 'kernel',
    source:
      'mysql2 3.24 lib/pool_config.js: maxIdle = connectionLimit, and lib/base/pool.js starts the idle reaper only when maxIdle < connectionLimit; lib/connection_config.js enableKeepAlive true with keepAliveInitialDelay unset: the OS timers (FACTS.md section 2)',
  },
  {
    lib: 'sqlalchemy-postgres',
    snippetId: 'sqlalchemy',
    target: 'postgres',
    runtime: 'python',
    defaultIdleLimit: null,
    defaultKeepaliveIdle: 'kernel',
    source:
      'SQLAlchemy 1.4 sqlalchemy/pool/base.py: recycle -1, pre_ping False; libpq keepalives defaults to 1 with the OS timers (FACTS.md section 4)',
  },
  {
    lib: 'sqlalchemy-mysql',
    snippetId: 'sqlalchemy',
    target: 'mysql',
    runtime: 'python',
    defaultIdleLimit: null,
    defaultKeepaliveIdle: 'kernel',
    source:
      'SQLAlchemy 1.4 sqlalchemy/pool/base.py: recycle -1, pre_ping False; PyMySQL 1.0 pymysql/connections.py sets SO_KEEPALIVE with the OS timers (FACTS.md section 5)',
  },
  {
    lib: 'psycopg-pool',
    snippetId: 'psycopg-pool',
    target: 'postgres',
    runtime: 'python',
    defaultIdleLimit: null,
    defaultKeepaliveIdle: 'kernel',
    source:
      'psycopg_pool 3.1 psycopg_pool/base.py: min_size 4, max_idle 600 s only above min_size, max_lifetime 3600 s checked when a connection is returned, no check on checkout; libpq keepalives 1 with the OS timers (FACTS.md section 4)',
  },
  {
    lib: 'go-sql-postgres',
    snippetId: 'go-sql',
    target: 'postgres',
    runtime: 'go',
    go: { main: 'sql_main.go', defaults: 'pq.go' },
    defaultIdleLimit: null,
    defaultKeepaliveIdle: 15,
    source:
      'go1.19 database/sql: no idle time, no lifetime; lib/pq conn.go dials with a zero net.Dialer, and net/dial.go gives it defaultTCPKeepAlive 15 s (TCP_KEEPIDLE and TCP_KEEPINTVL, net/tcpsockopt_unix.go)',
  },
  {
    lib: 'go-sql-mysql',
    snippetId: 'go-sql',
    target: 'mysql',
    runtime: 'go',
    go: { main: 'sql_main.go', defaults: 'mysql.go' },
    defaultIdleLimit: null,
    defaultKeepaliveIdle: 15,
    source:
      "go1.19 database/sql: no idle time, no lifetime; go-sql-driver/mysql connector.go dials with net.Dialer{Timeout}: Go's defaultTCPKeepAlive 15 s (net/dial.go)",
    socketError: {
      how: 'logged',
      why: 'go-sql-driver/mysql packets.go logs the read error and returns ErrInvalidConn',
    },
  },
  {
    lib: 'pgx',
    snippetId: 'pgx',
    target: 'postgres',
    runtime: 'go',
    go: { main: 'pgx_main.go', defaults: 'pgx.go' },
    defaultIdleLimit: 30 * 60,
    defaultKeepaliveIdle: 5 * 60,
    source:
      'pgx v4.15 pgxpool/pool.go: MaxConnIdleTime 30 min, HealthCheckPeriod 1 min; pgconn config.go makeDefaultDialer: KeepAlive 5 min',
    socketError: {
      how: 'eof',
      why: "pgx v4 over TLS returned unexpected EOF for the abort (measured here, at the kernel's time)",
    },
  },
  ...(['postgres', 'mysql'] as const).map((target): PoolLibrary => ({
    lib: `hikaricp-${target}`,
    snippetId: 'hikaricp',
    target,
    runtime: 'java',
    defaultIdleLimit: null,
    defaultKeepaliveIdle: target === 'postgres' ? null : 'kernel',
    defaultBorrowCheck: { validationTimeout: 5, connectionTimeout: 30, poolSize: 10 },
    source:
      "HikariCP 2.7.9 (Debian): connectionTimeout 30000, validationTimeout 5000, maximumPoolSize 10 and minimumIdle equal to it, maxLifetime 1800000 (HikariConfig, the README's defaults); " +
      'HikariPool.getConnection tests a connection idle over ALIVE_BYPASS_WINDOW_MS (500 ms) with PoolBase.isConnectionAlive, setNetworkTimeout(validationTimeout) then isValid, closes a dead one and borrows the next until connectionTimeout (javap of the jar); ' +
      (target === 'postgres'
        ? 'PgJDBC tcpKeepAlive false (FACTS.md section 4)'
        : 'MariaDB Connector/J tcpKeepAlive true with the OS timers (FACTS.md section 5)'),
  })),
];

/**
 * What HikariCP's borrow does after the gap with `dead` idle connections the box forgot: each costs
 * validationTimeout before it is closed; a new connection answers once they are all gone, unless
 * connectionTimeout runs out first (HikariPool.getConnection's loop: it stops once the time left is
 * not positive, so at the first validation to end at or after connectionTimeout).
 */
export function borrowCheckOutcome(
  check: NonNullable<PoolLibrary['defaultBorrowCheck']>,
  dead: number,
): { outcome: 'answers' | 'gives up'; seconds: number } {
  const enough = Math.ceil(check.connectionTimeout / check.validationTimeout);
  return dead >= enough
    ? { outcome: 'gives up', seconds: enough * check.validationTimeout }
    : { outcome: 'answers', seconds: dead * check.validationTimeout };
}

/** The kernel's idle time before the first keepalive probe, in a namespace (FACTS.md section 1: 7200 by default). */
export async function keepaliveTime(ns: string): Promise<number> {
  return Number((await nsExec(ns, ['sysctl', '-n', 'net.ipv4.tcp_keepalive_time'])).trim());
}

/**
 * What the defaults table predicts for a query after an idle gap longer than `forget`, the seconds
 * after which the box forgets a quiet flow: the pool closed the connection first (a new one answers),
 * or a keepalive probe refreshed the box, or (null) the query goes to a flow the box forgot.
 */
export function defaultsSurvive(
  libx: PoolLibrary,
  forget: number,
  kernelIdle: number,
): 'the pool closes it' | 'keepalive probes' | null {
  if (libx.defaultIdleLimit !== null && libx.defaultIdleLimit < forget) return 'the pool closes it';
  const probeAfter = libx.defaultKeepaliveIdle === 'kernel' ? kernelIdle : libx.defaultKeepaliveIdle;
  return probeAfter !== null && probeAfter < forget ? 'keepalive probes' : null;
}

/**
 * PostgreSQL and MariaDB with their own defaults (no server snippet: only the pool's settings are under
 * test), database app. PostgreSQL offers TLS, with a throwaway self-signed certificate: lib/pq's
 * default sslmode is require (lib/pq ssl.go), and the go-sql snippet names no sslmode; libpq's default,
 * prefer, then takes TLS too.
 */
export async function startServers(lab: Lab): Promise<void> {
  await Promise.all([
    (async () => {
      const pg = await startPostgres(lab, await serverCertificate(lab));
      const psql = ['psql', '-X', '-q', '-h', pg.socketDir, '-U', 'postgres', '-d', 'postgres', '-c'];
      await nsExec(lab.topo.server, [...psql, 'create database app']);
      // PgJDBC reads no PGUSER: without a user it sends the OS user's name, root.
      await nsExec(lab.topo.server, [...psql, 'create role root login superuser']);
    })(),
    (async () => {
      const db = await startMariadb(lab, '');
      await nsExec(lab.topo.server, [
        'mariadb',
        '--no-defaults',
        '-h',
        lab.topo.serverAddr,
        '-P',
        String(db.port),
        '-u',
        'root',
        '-e',
        'create database app',
      ]);
    })(),
  ]);
}

/** postgresql.conf lines for TLS with a fresh self-signed key pair, readable by the postgres user only. */
async function serverCertificate(lab: Lab): Promise<string> {
  const key = join(lab.tmp, 'server.key');
  const cert = join(lab.tmp, 'server.crt');
  await run(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=kalab', '-days', '1', '-keyout', key, '-out', cert],
    { timeout: 30_000 },
  );
  await run('chown', ['postgres:postgres', key, cert]);
  chmodSync(key, 0o600); // PostgreSQL refuses a key file that others can read
  return ['ssl = on', `ssl_cert_file = '${cert}'`, `ssl_key_file = '${key}'`].join('\n');
}

/**
 * A pool client in the client's namespace. `snippet`: the engine's snippet text as emitted, written
 * to a file the helper loads (Python: exec; Node: import, so it sits beside a node_modules link to
 * the repository's, where `pg` and `mysql2` resolve). Without it the helper builds the library's
 * defaults. PGUSER names PostgreSQL's role: the snippets, like most applications, leave the user
 * to the environment.
 */
export async function startPool(lab: Lab, libx: PoolLibrary, snippet?: string): Promise<Proc> {
  const env = ['env', 'PGUSER=postgres'];
  let argv: string[];
  if (libx.runtime === 'python') {
    const file = snippet === undefined ? [] : ['--snippet', lab.file(`${libx.lib}.py`, snippet)];
    argv = [...env, PYTHON, helper('pools/pool.py'), libx.lib, lab.topo.serverAddr, ...file];
  } else if (libx.runtime === 'node') {
    const file = snippet === undefined ? [] : [lab.file(`${libx.lib}.mjs`, snippet)];
    if (snippet !== undefined) linkNodeModules(lab);
    argv = [...env, process.execPath, helper('pools/pool.mjs'), libx.lib, lab.topo.serverAddr, ...file];
  } else if (libx.runtime === 'java') {
    const url = `jdbc:${libx.target === 'postgres' ? 'postgresql' : 'mysql'}://${lab.topo.serverAddr}:${SERVER_PORT[libx.target]}/app`;
    const file = snippet === undefined ? [] : [lab.file(`${libx.lib}.properties`, snippet)];
    argv = [...env, 'java', '-cp', HIKARI_CLASSPATH, helper('pools/HikariPool.java'), url, ...file];
  } else {
    const binary = await goBuild(lab, libx, snippet);
    argv = [...env, `LAB_DB_HOST=${lab.topo.serverAddr}`, binary, String(SERVER_PORT[libx.target])];
  }
  const proc = nsSpawn(lab.topo.client, libx.lib, argv);
  await proc.waitEvent('ready', 60_000); // a Go build or java's source launcher first, on a loaded machine
  return proc;
}

const SERVER_PORT = { postgres: 5432, mysql: 3306 } as const;

/** Debian's jars: libhikaricp-java 2.7.9, libpostgresql-jdbc-java, libmariadb-java, libslf4j-java (slf4j-simple logs to stderr). */
const HIKARI_CLASSPATH = [
  'HikariCP.jar',
  'slf4j-api.jar',
  'slf4j-simple.jar',
  'postgresql.jar',
  'mariadb-java-client.jar',
]
  .map((jar) => `/usr/share/java/${jar}`)
  .join(':');

/**
 * Debian packages pgx v4 only (golang-github-jackc-pgx-v4-dev): the v5 import becomes v4's path and
 * v5's NewWithConfig becomes v4's ConnectConfig (same arguments, pgxpool/pool.go), as the snippet's own
 * comment says; every setting is in its connection string, which stays as emitted.
 */
export function pgxOnV4(snippet: string): string {
  return snippet
    .replaceAll('"github.com/jackc/pgx/v5/pgxpool"', '"github.com/jackc/pgx/v4/pgxpool"')
    .replaceAll('pgxpool.NewWithConfig(', 'pgxpool.ConnectConfig(');
}

/**
 * Builds a Go pool client: helpers/pools/go/{lab.go, main} with the snippet (or the defaults' package)
 * as ./db, in GOPATH mode on Debian's packages (GOPATH=/usr/share/gocode holds lib/pq,
 * go-sql-driver/mysql, pgx v4 and x/sys; GO111MODULE=off lets a main outside GOPATH import ./db),
 * with a GOCACHE in the lab's temp dir. Returns the binary's path.
 */
async function goBuild(lab: Lab, libx: PoolLibrary, snippet: string | undefined): Promise<string> {
  if (libx.go === undefined) throw new Error(`${libx.lib}: no Go client`);
  const dir = join(lab.tmp, `go-${libx.lib}-${snippet === undefined ? 'defaults' : 'plan'}`);
  mkdirSync(join(dir, 'db'), { recursive: true });
  const go = (name: string) => helper(`pools/go/${name}`);
  copyFileSync(go('lab.go'), join(dir, 'lab.go'));
  copyFileSync(go(libx.go.main), join(dir, 'main.go'));
  if (snippet === undefined) copyFileSync(go(`defaults/${libx.go.defaults}`), join(dir, 'db', 'db.go'));
  else writeFileSync(join(dir, 'db', 'db.go'), libx.snippetId === 'pgx' ? pgxOnV4(snippet) : snippet);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOPATH: '/usr/share/gocode',
    GO111MODULE: 'off',
    GOCACHE: join(lab.tmp, 'gocache'),
    CGO_ENABLED: '0',
  };
  delete env.GOFLAGS; // -mod=... from the environment would not apply in GOPATH mode
  try {
    await run('go', ['build', '-o', join(dir, 'client'), '.'], { cwd: dir, env, timeout: 120_000 });
  } catch (error) {
    throw new Error(`${libx.lib}: go build failed: ${String((error as { stderr?: string }).stderr ?? error)}`);
  }
  return join(dir, 'client');
}

const linked = new WeakSet<Lab>();
function linkNodeModules(lab: Lab): void {
  if (linked.has(lab)) return;
  const link = join(lab.tmp, 'node_modules');
  symlinkSync(join(REPO, 'node_modules'), link, 'dir');
  linked.add(lab);
  lab.onCleanup(() => unlinkSync(link)); // before the temp dir is removed, so nothing follows the link
}

const Failure = z.object({
  event: z.literal('error'),
  t: z.number(),
  port: z.number().nullable(),
  timedOut: z.boolean(),
  message: z.string(),
});
const Reply = z.object({ event: z.literal('reply'), t: z.number(), port: z.number().nullable() });
/** `idleBefore`: the idle connections the pool reported as the query began (HikariCP's client only). */
export type Answer = { readonly asked: number; readonly idleBefore?: number } & (
  z.infer<typeof Reply> | z.infer<typeof Failure>
);

/**
 * Sends one "query" and waits, up to `timeoutMs`, for its reply or its error. `asked` is the helper's
 * own time for the query (before the checkout), on CLOCK_MONOTONIC like every lab time.
 */
export async function ask(proc: Proc, timeoutMs: number): Promise<Answer> {
  const sent = now();
  const seen = proc.events.length;
  proc.send('query');
  const after = (e: HelperEvent) => proc.events.indexOf(e) >= seen && e.t >= sent;
  const asked = await proc.waitEvent('query', 10_000, after);
  const end = await until(
    `${proc.name}: the query's reply or error (output: ${proc.tail()})`,
    timeoutMs,
    () => {
      if (proc.exit !== undefined)
        throw new Error(`${proc.name} exited (${proc.exit.code ?? proc.exit.signal}): ${proc.tail()}`);
      return proc.events.find((e) => after(e) && e.t >= asked.t && (e.event === 'reply' || e.event === 'error'));
    },
    50,
  );
  const idleBefore = typeof asked.idle === 'number' ? { idleBefore: asked.idle } : {};
  return { asked: asked.t, ...idleBefore, ...(end.event === 'reply' ? Reply.parse(end) : Failure.parse(end)) };
}
