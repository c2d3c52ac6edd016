/**
 * Connection-pool snippets run by the real libraries (issue 12): SQLAlchemy, psycopg_pool, npm pg and
 * mysql2, Go database/sql and pgx v4, HikariCP 2.7.9. Each runner writes the snippet to a temp dir,
 * hands it to a helper in tests/real/helpers/pools/ and parses the one JSON line the helper prints.
 */
import { chmodSync, chownSync, copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../../lib/engine';
import type { Values } from '../../../lib/types';
import { startDaemon, type Daemon } from './daemon';
import { exec, type ExecOptions, type ExecResult } from './exec';
import type { PgServer } from './postgres';
import { account, ownedDir, tempDir, writeFile } from './tmp';
import { waitFor } from './wait';

const HELPERS = fileURLToPath(new URL('../helpers/pools/', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** Debian's interpreter: the python3 first on PATH lacks Debian's modules (tests/real README, working rules). */
export const PYTHON = '/usr/bin/python3';

export interface PoolSnippet {
  readonly query: string;
  readonly values: Values;
  readonly text: string;
}

/** The engine's snippet `id` for `query`; throws when the engine emits none (a missing snippet is a failure). */
export function poolSnippet(query: string, id: string): PoolSnippet {
  const result = run(query);
  const snippet = result.snippets.find((s) => s.id === id);
  if (!snippet) throw new Error(`no ${id} snippet for ?${query} (got ${result.snippets.map((s) => s.id).join(', ')})`);
  return { query, values: result.plan.values, text: snippet.text };
}

/** plan.values.poolLimit (seconds), required for the pool snippets (pools contract, "New values"). */
export function poolLimit(values: Values): number {
  const limit = (values as Values & { readonly poolLimit?: number }).poolLimit;
  if (typeof limit !== 'number') throw new Error('plan.values.poolLimit is missing');
  return limit;
}

/**
 * Points a snippet at the suite's server by plain string replacement, as the contract says: the
 * default dbhost `db.example.com` becomes 127.0.0.1 and the default ports `:5432`, `port=5432`,
 * `:3306` (and the Node.js snippets' `port: 5432,` / `port: 3306,` keys) become `port`.
 */
export function pointAt(text: string, port: number): string {
  return (
    text
      .replaceAll('db.example.com', '127.0.0.1')
      .replaceAll(':5432', `:${port}`)
      .replaceAll('port=5432', `port=${port}`)
      .replaceAll(':3306', `:${port}`)
      // The Node.js snippets name the port as an object key.
      .replaceAll('port: 5432,', `port: ${port},`)
      .replaceAll('port: 3306,', `port: ${port},`)
  );
}

/** `cmd args` inside network namespace `ns`, or as is when `ns` is undefined. */
export function inNs(ns: string | undefined, cmd: string, args: readonly string[]): [string, string[]] {
  return ns ? ['ip', ['netns', 'exec', ns, cmd, ...args]] : [cmd, [...args]];
}

/**
 * Environment for the clients: the snippets name no user, so libpq, lib/pq, pgx and PgJDBC take the
 * OS user (root, a role the suite creates) and npm pg takes $USER (pg/lib/defaults.js). The PG*
 * variables are removed so that only the snippet says where to connect.
 */
export function clientEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, USER: 'root', LOGNAME: 'root' };
  for (const k of ['PGHOST', 'PGPORT', 'PGUSER', 'PGDATABASE', 'PGSERVICE', 'PGOPTIONS', 'PGSSLMODE']) delete env[k];
  return env;
}

export interface Report<T> {
  readonly result: ExecResult;
  /** The helper's JSON line, or undefined when it printed none. */
  readonly report: T | undefined;
}

function lastJson<T>(r: ExecResult): T | undefined {
  const line = r.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  if (r.code !== 0 || !line) return undefined;
  return JSON.parse(line) as T;
}

async function reported<T>(cmd: string, args: readonly string[], opts: ExecOptions): Promise<Report<T>> {
  const result = await exec(cmd, args, opts);
  return { result, report: lastJson<T>(result) };
}

export type Sockopts = readonly [
  keepalive: number,
  idle: number,
  interval: number,
  count: number,
  userTimeoutMs: number,
];

export interface SqlalchemyReport {
  readonly sqlalchemy: string;
  readonly dialect: string;
  readonly driver: string;
  readonly driverVersion: string;
  readonly recycle: number;
  readonly prePing: boolean;
  readonly server: string;
  readonly sockopts: Sockopts;
}

export interface PsycopgPoolReport {
  readonly psycopgPool: string;
  readonly psycopg: string;
  readonly maxIdle: number;
  readonly maxLifetime: number;
  readonly minSize: number;
  readonly server: string;
  readonly sockopts: Sockopts;
}

/** Runs a Python helper on the snippet (Debian's python3), optionally inside namespace `ns`. */
export function pythonReport<T>(
  helper: 'sqlalchemy_report.py' | 'psycopg_pool_report.py',
  snippet: string,
  ns?: string,
): Promise<Report<T>> {
  const file = writeFile(join(tempDir('pool-py'), 'snippet.py'), snippet);
  const [cmd, args] = inNs(ns, PYTHON, [join(HELPERS, helper), file]);
  return reported<T>(cmd, args, { timeoutMs: 60_000, env: clientEnv() });
}

/** Runs Python source (not a helper) with Debian's interpreter: for the checks of what a library refuses. */
export function pythonSource(source: string): Promise<ExecResult> {
  const file = writeFile(join(tempDir('pool-py'), 'check.py'), source);
  return exec(PYTHON, [file], { timeoutMs: 60_000, env: clientEnv() });
}

export interface NodeReport {
  readonly options: Record<string, unknown>;
  readonly idleReaperArmed?: boolean;
  readonly server: string;
  /** `ss -tnoiH` on the pooled connection's socket, read while it was checked out. */
  readonly ss: string;
  /** getsockopt on that socket through pidfd_getfd (helpers/pools/peer_sockopts.py), or its error. */
  readonly sockopts: Sockopts | { readonly error: string } | undefined;
  readonly ageSec: number;
}

/**
 * Writes the snippet as pool.mjs in a temp dir (node_modules linked beside it, so its bare `pg` /
 * `mysql2/promise` import resolves to the project's devDependencies) and imports it from the helper.
 */
export function nodeReport(
  snippet: string,
  kind: 'pg' | 'mysql2',
  serverPort: number,
  ns?: string,
): Promise<Report<NodeReport>> {
  const dir = tempDir('pool-node');
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const file = writeFile(join(dir, 'pool.mjs'), snippet);
  const [cmd, args] = inNs(ns, process.execPath, [join(HELPERS, 'node_report.mjs'), file, kind, String(serverPort)]);
  return reported<NodeReport>(cmd, args, { timeoutMs: 60_000, env: clientEnv() });
}

/** Reads a package's version from its package.json (pg-pool's `exports` hides it from require). */
export async function npmVersion(name: string): Promise<string> {
  const r = await exec(process.execPath, [
    '-p',
    `JSON.parse(require('fs').readFileSync(${JSON.stringify(join(REPO, 'node_modules', name, 'package.json'))}, 'utf8')).version`,
  ]);
  return r.stdout.trim();
}

/** dpkg's version of a Debian package, for the report. */
export async function debVersion(name: string): Promise<string> {
  const r = await exec('dpkg-query', ['-W', '-f', '${Version}', name]);
  return r.code === 0 ? r.stdout.trim() : 'not installed';
}

export interface GoBuild<T> {
  /** `gofmt -l -e` on the snippet: exit 0 and no file listed means it parses and is gofmt-formatted. */
  readonly gofmt: ExecResult;
  readonly build: ExecResult | undefined;
  readonly run: Report<T> | undefined;
}

export interface GoSqlReport {
  readonly go: string;
  /** The pooled socket's options, found by peer port in /proc/self/fd (null if none was found). */
  readonly sockopts: Sockopts | null;
  readonly maxIdleTimeSec: number;
  readonly maxLifetimeSec: number;
  readonly stats: { readonly OpenConnections: number; readonly MaxOpenConnections: number };
}

export interface PgxReport {
  readonly go: string;
  readonly sockopts: Sockopts | null;
  readonly maxConnLifetimeSec: number;
  readonly maxConnIdleTimeSec: number;
  readonly healthCheckPeriodSec: number;
  readonly maxConns: number;
}

/**
 * Debian packages pgx v4 only (golang-github-jackc-pgx-v4-dev 4.15): the snippet's v5 import becomes
 * v4's path, and v5's NewWithConfig becomes v4's ConnectConfig (same arguments; pgxpool/pool.go v4).
 */
export function pgxToV4(snippet: string): string {
  return snippet
    .replaceAll('"github.com/jackc/pgx/v5/pgxpool"', '"github.com/jackc/pgx/v4/pgxpool"')
    .replaceAll('pgxpool.NewWithConfig(', 'pgxpool.ConnectConfig(');
}

/**
 * Builds the snippet (package db, as ./db) with a helper main using Debian's Go in GOPATH mode:
 * GOPATH=/usr/share/gocode holds Debian's lib/pq, go-sql-driver/mysql and pgx v4; GO111MODULE=off and
 * a main outside GOPATH allow the relative import; GOFLAGS unset; `gocache` is a temp GOCACHE.
 */
export async function goReport<T>(
  snippet: string,
  main: 'gosql_main.go' | 'pgx_main.go',
  gocache: string,
  serverPort: number,
  ns?: string,
): Promise<GoBuild<T>> {
  const dir = tempDir('pool-go');
  mkdirSync(join(dir, 'db'));
  const dbFile = writeFile(join(dir, 'db', 'db.go'), snippet);
  copyFileSync(join(HELPERS, main), join(dir, 'main.go'));
  const gofmt = await exec('gofmt', ['-l', '-e', dbFile]);
  const env: NodeJS.ProcessEnv = {
    ...clientEnv(),
    GOPATH: '/usr/share/gocode',
    GO111MODULE: 'off',
    GOCACHE: gocache,
    CGO_ENABLED: '0',
  };
  delete env.GOFLAGS;
  const build = await exec('go', ['build', '-o', join(dir, 'report'), '.'], { cwd: dir, env, timeoutMs: 110_000 });
  if (build.code !== 0) return { gofmt, build, run: undefined };
  const [cmd, args] = inNs(ns, join(dir, 'report'), [String(serverPort)]);
  return { gofmt, build, run: await reported<T>(cmd, args, { timeoutMs: 30_000, env: clientEnv() }) };
}

export interface HikariReport {
  readonly hikari: string | null;
  readonly server: string | null;
  /** `ss -tnoiH` on the pooled connection's socket while it was held (with a server port only). */
  readonly ss: string | null;
  readonly idleTimeout: number;
  readonly validationTimeout: number;
  readonly minimumIdle: number;
  readonly maximumPoolSize: number;
  readonly keys: string;
  readonly jdbcUrl: string | null;
  /** getMaxLifetime() right after the setters, and after validate() (2.7.9's floors applied). */
  readonly maxLifetimeSet: number;
  readonly maxLifetime: number;
  /** The file's keepaliveTime as written (2.7.9 has no such property), or null. */
  readonly keepaliveTime: string | null;
  /** 2.7.9's exception message for the whole file, keepaliveTime included; null if it accepted it. */
  readonly wholeFile: string | null;
}

/** Debian's jars (libhikaricp-java 2.7.9, libpostgresql-jdbc-java, libmariadb-java, libslf4j-java). */
export const HIKARI_CLASSPATH = [
  'HikariCP.jar',
  'slf4j-api.jar',
  'slf4j-simple.jar',
  'postgresql.jar',
  'mariadb-java-client.jar',
]
  .map((j) => `/usr/share/java/${j}`)
  .join(':');

/** openjdk-17's single-file source launcher on HikariReport.java; with `serverPort`, it connects (inside `ns`). */
export function hikariReport(properties: string, serverPort?: number, ns?: string): Promise<Report<HikariReport>> {
  const file = writeFile(join(tempDir('pool-java'), 'hikari.properties'), properties);
  const [cmd, args] = inNs(ns, 'java', [
    '-cp',
    HIKARI_CLASSPATH,
    join(HELPERS, 'HikariReport.java'),
    file,
    ...(serverPort === undefined ? [] : [String(serverPort)]),
  ]);
  return reported<HikariReport>(cmd, args, { timeoutMs: 90_000, env: clientEnv() });
}

/** Roles and database the snippets expect on the suite's PostgreSQL: dbname=app, the OS user root. */
export async function preparePostgres(port: number): Promise<void> {
  for (const sql of ['CREATE ROLE root LOGIN SUPERUSER', 'CREATE DATABASE app OWNER root']) {
    const r = await exec('psql', [
      '-X',
      `host=127.0.0.1 port=${port} user=postgres dbname=postgres connect_timeout=5`,
      '-c',
      sql,
    ]);
    if (r.code !== 0) throw new Error(`psql ${sql}: ${r.stderr}`);
  }
}

export interface NetnsMariadb {
  readonly ns: string;
  /** 3306 inside the namespace: the snippets' own port, nothing else listens there. */
  readonly port: number;
  /** `sysctl -p` of an emitted sysctl snippet inside the namespace (for sockets opened after it). */
  applySysctl(text: string): Promise<ExecResult>;
  sql(statement: string): Promise<ExecResult>;
  stop(): Promise<void>;
}

/**
 * A MariaDB server on 127.0.0.1:3306 inside a fresh network namespace, whose keepalive sysctls the
 * caller sets from the emitted sysctl snippet (they are per namespace: FACTS.md section 1). PyMySQL,
 * Connector/J and the server use the kernel's timers (FACTS.md section 5), so there the plan's T/I/P
 * come from that snippet. The namespace's loopback is its own: the host's 3306 is never touched.
 */
export async function mariadbInNetns(): Promise<NetnsMariadb> {
  const ns = `ka-real-pools-${process.pid}-${randomBytes(3).toString('hex')}`;
  const base = tempDir('pool-maria');
  const data = ownedDir(join(base, 'data'), 'mysql');
  const runDir = ownedDir(join(base, 'run'), 'mysql', 0o755);
  const port = 3306;
  const net = ['--no-defaults', '-h', '127.0.0.1', '-P', String(port), '--protocol=tcp', '-u', 'root'];
  let daemon: Daemon | undefined;
  const stop = async (): Promise<void> => {
    await daemon?.stop();
    daemon = undefined;
    await exec('ip', ['netns', 'del', ns]);
  };
  const sql = (statement: string): Promise<ExecResult> => {
    const [c, a] = inNs(ns, 'mariadb', [...net, '-N', '-B', '-e', statement]);
    return exec(c, a);
  };
  const applySysctl = (text: string): Promise<ExecResult> => {
    const file = writeFile(join(tempDir('pool-sysctl'), '90-tcp-keepalive.conf'), text);
    const [c, a] = inNs(ns, 'sysctl', ['-p', file]);
    return exec(c, a);
  };
  const add = await exec('ip', ['netns', 'add', ns]);
  if (add.code !== 0) throw new Error(`ip netns add: ${add.stderr}`);
  try {
    const [lc, la] = inNs(ns, 'ip', ['link', 'set', 'lo', 'up']);
    const lo = await exec(lc, la);
    if (lo.code !== 0) throw new Error(`ip link set lo up: ${lo.stderr}`);
    const install = await exec(
      'mariadb-install-db',
      [
        '--no-defaults',
        `--datadir=${data}`,
        '--user=mysql',
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
      ],
      { timeoutMs: 90_000 },
    );
    if (install.code !== 0) throw new Error(`mariadb-install-db: ${install.stderr}`);
    const pidFile = join(runDir, 'mariadb.pid');
    const [cmd, args] = inNs(ns, 'mariadbd', [
      '--no-defaults',
      `--datadir=${data}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${join(runDir, 'mariadb.sock')}`,
      `--pid-file=${pidFile}`,
      '--user=mysql',
      `--log-error=${join(runDir, 'error.log')}`,
      '--innodb-buffer-pool-size=16M',
      '--skip-log-bin',
      '--skip-name-resolve',
    ]);
    const d = startDaemon({ name: 'mariadbd (pools netns)', cmd, args, pidFile });
    daemon = d;
    await waitFor(
      'mariadbd in the namespace',
      async () => d.exited() || (await sql('SELECT 1')).code === 0,
      60_000,
      100,
    );
    if (d.exited()) throw new Error(`mariadbd exited: ${d.output()}`);
    // The snippets name no user: Go's driver, mysql2 and Connector/J then log in with an empty name
    // (the anonymous account), PyMySQL as the OS user root (pymysql/connections.py DEFAULT_USER).
    const setup =
      "CREATE DATABASE app; CREATE USER ''@'localhost'; CREATE USER ''@'127.0.0.1'; GRANT ALL ON app.* TO ''@'localhost'; GRANT ALL ON app.* TO ''@'127.0.0.1';";
    const r = await sql(setup);
    if (r.code !== 0) throw new Error(`MariaDB setup: ${r.stderr}`);
    return { ns, port, applySysctl, sql, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * PostgreSQL with TLS on (a throwaway self-signed certificate): lib/pq's sslmode defaults to
 * `require` (lib/pq ssl.go: `"require" is the default`), so the go-sql snippet, which names no
 * sslmode, needs a server that offers TLS; libpq's and pgx's default `prefer` take it too.
 */
export async function startPostgresWithTls(server: PgServer): Promise<void> {
  const dir = ownedDir(join(tempDir('pool-pgtls'), 'tls'), 'postgres', 0o755);
  const key = join(dir, 'server.key');
  const crt = join(dir, 'server.crt');
  const gen = await exec('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    crt,
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
  ]);
  if (gen.code !== 0) throw new Error(`openssl req: ${gen.stderr}`);
  const pg = account('postgres');
  for (const f of [key, crt]) chownSync(f, pg.uid, pg.gid);
  chmodSync(key, 0o600);
  const s = await server.start(`ssl = on\nssl_cert_file = '${crt}'\nssl_key_file = '${key}'\n`);
  if (!s.ok) throw new Error(`postgres with TLS did not start: ${s.log}`);
}
