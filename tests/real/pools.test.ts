/**
 * Issue 12: the real libraries load each emitted connection-pool snippet and report its values back.
 * Every snippet is pointed at the suite's own servers by plain string replacement (harness/pools.ts
 * pointAt: db.example.com -> 127.0.0.1, the default port -> the server's); the expected values are
 * computed from plan.values (poolLimit L, keepalive T/I/P, userTimeoutMs U), following
 * /work/briefs/pools-contract.md.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAllDaemons } from './harness/daemon';
import { exec, describe as why } from './harness/exec';
import { runPgbouncer } from './harness/pgbouncer';
import { initPostgres, type PgServer } from './harness/postgres';
import {
  debVersion,
  goReport,
  hikariReport,
  inNs,
  mariadbInNetns,
  nodeReport,
  npmVersion,
  pgxToV4,
  pointAt,
  poolLimit,
  poolSnippet,
  preparePostgres,
  pythonReport,
  pythonSource,
  startPostgresWithTls,
  type GoSqlReport,
  type NetnsMariadb,
  type PgxReport,
  type PoolSnippet,
  type PsycopgPoolReport,
  type Report,
  type SqlalchemyReport,
} from './harness/pools';
import { describeReading, keepaliveMatches, parseSs, type TimerReading } from './harness/ss';
import { cleanupTempDirs, tempDir } from './harness/tmp';
import type { Values } from '../../lib/types';

/** The default query and others that move L, T/I/P and U (idle=20: L = 15, below every library's own default). */
const PG_QUERIES = ['v=1&target=postgres', 'v=1&target=postgres&via=aws-natgw', 'v=1&target=postgres&idle=20'] as const;
const MY_QUERIES = ['v=1&target=mysql', 'v=1&target=mysql&idle=20'] as const;

let pg: PgServer;
let maria: NetnsMariadb;
let gocache: string;
const versions = new Map<string, string>();

beforeAll(async () => {
  pg = await initPostgres();
  await startPostgresWithTls(pg);
  await preparePostgres(pg.port);
  maria = await mariadbInNetns();
  gocache = tempDir('gocache');
}, 180_000);

afterAll(async () => {
  await maria?.stop();
  await stopAllDaemons();
  cleanupTempDirs();
  // The versions the libraries reported, for the run's log.
  process.stdout.write(`pool libraries: ${[...versions].map(([k, v]) => `${k} ${v}`).join('; ')}\n`);
});

/** The snippet pointed at the suite's PostgreSQL; it must no longer name the default port (the host's own server is never touched). */
function atPg(s: PoolSnippet): string {
  const text = pointAt(s.text, pg.port);
  expect(text, 'the snippet still names port 5432 after pointing it at the suite server').not.toMatch(/\b5432\b/);
  return text;
}

/** MariaDB listens on 3306 inside its own namespace, so the snippet keeps its port; the host is replaced. */
function atMaria(s: PoolSnippet): string {
  return pointAt(s.text, maria.port);
}

/** getsockopt's [SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT, TCP_USER_TIMEOUT] the plan fixes (FACTS.md sections 1, 2, 4). */
function plannedSockopts(v: Values): number[] {
  return [1, v.keepalive.idle, v.keepalive.interval, v.keepalive.count, v.userTimeoutMs ?? 0];
}

/** Asserts the helper ran and returns its report. */
function ok<T>(r: Report<T>): T {
  expect(r.result.code, why(r.result)).toBe(0);
  expect(r.report, why(r.result)).toBeDefined();
  return r.report as T;
}

/** The pooled connection's socket (peer = the server port) in `ss` output read at most `ageSec` after it connected. */
function pooledSocket(ss: string, port: number): TimerReading {
  const sock = parseSs(ss).find((r) => r.peer.endsWith(`:${port}`));
  expect(sock, `no socket to :${port} in ss output: ${ss}`).toBeDefined();
  return sock as TimerReading;
}

/** The pooled connection's socket carries a keepalive timer for idle time `idle` (harness/ss.ts keepaliveMatches). */
function expectTimer(ss: string, ageSec: number, port: number, idle: number): void {
  const sock = pooledSocket(ss, port);
  expect(keepaliveMatches(sock, idle, ageSec + 1), `${describeReading(sock)} vs idle ${idle}`).toBe(true);
}

/**
 * What Node's setKeepAlive(true, T * 1000) leaves on the socket: libuv 1.35+ sets TCP_KEEPIDLE = T and
 * fixes TCP_KEEPINTVL = 1, TCP_KEEPCNT = 10 (FACTS.md section 2); no TCP_USER_TIMEOUT.
 */
function libuvSockopts(idle: number): number[] {
  return [1, idle, 1, 10, 0];
}

/** net.ipv4.tcp_keepalive_{time,intvl,probes} in the namespace (the host's when `ns` is undefined): the timers of a socket that sets none. */
async function kernelKeepalive(ns?: string): Promise<[time: number, intvl: number, probes: number]> {
  const [cmd, args] = inNs(ns, 'sysctl', [
    '-n',
    'net.ipv4.tcp_keepalive_time',
    'net.ipv4.tcp_keepalive_intvl',
    'net.ipv4.tcp_keepalive_probes',
  ]);
  const [time, intvl, probes] = (await exec(cmd, args)).stdout.trim().split('\n').map(Number);
  return [time ?? NaN, intvl ?? NaN, probes ?? NaN];
}

async function kernelProbes(ns?: string): Promise<number> {
  return (await kernelKeepalive(ns))[2];
}

/** Go's dialer with KeepAlive 0: SO_KEEPALIVE on, Go's 15 s as idle and interval, the kernel's count (FACTS.md section 2); no TCP_USER_TIMEOUT. */
async function goDialerSockopts(ns?: string): Promise<number[]> {
  return [1, 15, 15, await kernelProbes(ns), 0];
}

/** The host's net.ipv4.tcp_keepalive_time: the timer of a socket that switches SO_KEEPALIVE on and sets nothing else. */
function hostKeepaliveTime(): number {
  return Number(readFileSync('/proc/sys/net/ipv4/tcp_keepalive_time', 'utf8').trim());
}

/** A sysctl snippet the engine emits for the same query: the kernel timers PyMySQL's sockets use. */
async function applyPlanSysctl(query: string): Promise<void> {
  const r = await maria.applySysctl(poolSnippet(query, 'sysctl').text);
  expect(r.code, why(r)).toBe(0);
}

describe('sqlalchemy: SQLAlchemy builds the engine and its pooled sockets carry the plan (Debian python3-sqlalchemy)', () => {
  for (const query of PG_QUERIES) {
    it(`postgresql+psycopg2 ?${query}: pool_recycle = L, pool_pre_ping, getsockopt = T/I/P/U`, async () => {
      const s = poolSnippet(query, 'sqlalchemy');
      const r = ok(await pythonReport<SqlalchemyReport>('sqlalchemy_report.py', atPg(s)));
      versions.set('SQLAlchemy', r.sqlalchemy).set('psycopg2', r.driverVersion);
      expect([r.dialect, r.driver]).toEqual(['postgresql', 'psycopg2']);
      expect(r.server).toMatch(/^PostgreSQL /);
      // sqlalchemy/pool/base.py (1.4): create_engine's pool_recycle and pool_pre_ping land in _recycle and _pre_ping.
      expect(r.recycle).toBe(poolLimit(s.values));
      expect(r.prePing).toBe(true);
      // psycopg2 hands connect_args to libpq, which sets them on the socket (FACTS.md section 4).
      expect([...r.sockopts]).toEqual(plannedSockopts(s.values));
    });
  }
  for (const query of MY_QUERIES) {
    it(`mysql+pymysql ?${query}: pool_recycle = L, pool_pre_ping, getsockopt = T/I/P from the sysctl snippet in the server's namespace`, async () => {
      const s = poolSnippet(query, 'sqlalchemy');
      await applyPlanSysctl(query);
      const r = ok(await pythonReport<SqlalchemyReport>('sqlalchemy_report.py', atMaria(s), maria.ns));
      versions.set('PyMySQL', r.driverVersion);
      expect([r.dialect, r.driver]).toEqual(['mysql', 'pymysql']);
      expect(r.server).toMatch(/MariaDB/);
      expect(r.recycle).toBe(poolLimit(s.values));
      expect(r.prePing).toBe(true);
      // PyMySQL sets SO_KEEPALIVE only (FACTS.md section 5): the timers are the namespace's sysctls; no TCP_USER_TIMEOUT.
      const v = s.values;
      expect([...r.sockopts]).toEqual([1, v.keepalive.idle, v.keepalive.interval, v.keepalive.count, 0]);
    });
  }
});

describe('psycopg-pool: psycopg_pool 3.1 builds the pool and its connections carry the plan (Debian python3-psycopg-pool)', () => {
  for (const query of PG_QUERIES) {
    it(`?${query}: max_idle = max_lifetime = L, getsockopt = T/I/P/U`, async () => {
      const s = poolSnippet(query, 'psycopg-pool');
      const r = ok(await pythonReport<PsycopgPoolReport>('psycopg_pool_report.py', atPg(s)));
      versions.set('psycopg_pool', r.psycopgPool).set('psycopg', r.psycopg);
      // psycopg_pool/pool.py (3.1): max_idle and max_lifetime are seconds, kept as given.
      expect(r.maxIdle).toBe(poolLimit(s.values));
      expect(r.maxLifetime).toBe(poolLimit(s.values));
      expect([...r.sockopts]).toEqual(plannedSockopts(s.values));
    });
  }

  it('check= needs psycopg_pool 3.2.0 (Debian has 3.1.x): the snippet leaves it commented out, and uncommented 3.1 refuses it', async () => {
    const s = poolSnippet(PG_QUERIES[0], 'psycopg-pool');
    const line = s.text.split('\n').find((l) => /^\s*#\s*check=ConnectionPool\.check_connection,?\s*$/.test(l));
    expect(line, 'a commented-out check=ConnectionPool.check_connection line').toBeDefined();
    const uncommented = atPg(s).replace(/^(\s*)#\s*(check=ConnectionPool\.check_connection)/m, '$1$2');
    const r = await pythonSource(`${uncommented}\nprint("accepted")\npool.close()\n`);
    expect(r.stdout).not.toMatch(/accepted/);
    // 3.1 has neither ConnectionPool.check_connection nor a check parameter.
    expect(r.stderr).toMatch(/AttributeError: .*check_connection|TypeError: .*check/);
  });
});

describe('node-postgres: npm pg builds the pool, runs a query, and its socket has the keepalive timer', () => {
  for (const query of PG_QUERIES) {
    it(`?${query}: pool.options = plan, ss timer:(keepalive) = T`, async () => {
      const s = poolSnippet(query, 'node-postgres');
      const r = ok(await nodeReport(atPg(s), 'pg', pg.port));
      versions.set('pg', await npmVersion('pg')).set('pg-pool', await npmVersion('pg-pool'));
      const L = poolLimit(s.values);
      const T = s.values.keepalive.idle;
      expect(r.server).toMatch(/^PostgreSQL /);
      // pg-pool/index.js passes these to each pg.Client; idleTimeoutMillis defaults to 10000 there.
      expect(r.options).toMatchObject({
        keepAlive: true,
        keepAliveInitialDelayMillis: T * 1000,
        idleTimeoutMillis: Math.min(10, L) * 1000,
        maxLifetimeSeconds: L,
        connectionTimeoutMillis: 10_000,
      });
      // pg/lib/connection.js: stream.setKeepAlive(true, keepAliveInitialDelayMillis); libuv: TCP_KEEPIDLE = ms / 1000 (FACTS.md section 2).
      expectTimer(r.ss, r.ageSec, pg.port, T);
      expect(r.sockopts).toEqual(libuvSockopts(T));
    });
  }
});

describe('mysql2-pool: npm mysql2 builds the pool, runs a query, and its socket has the keepalive timer', () => {
  for (const query of MY_QUERIES) {
    it(`?${query}: pool.config = plan, the idle reaper armed, ss timer:(keepalive) = T`, async () => {
      const s = poolSnippet(query, 'mysql2-pool');
      const r = ok(await nodeReport(atMaria(s), 'mysql2', maria.port, maria.ns));
      versions.set('mysql2', await npmVersion('mysql2'));
      const L = poolLimit(s.values);
      const T = s.values.keepalive.idle;
      expect(r.server).toMatch(/MariaDB/);
      // lib/pool_config.js, lib/connection_config.js (3.24): ms for both delays.
      expect(r.options).toMatchObject({
        enableKeepAlive: true,
        keepAliveInitialDelay: T * 1000,
        connectionLimit: 10,
        maxIdle: 9,
        idleTimeout: Math.min(60, L) * 1000,
      });
      // lib/base/pool.js arms the reaper only when maxIdle < connectionLimit.
      expect(r.idleReaperArmed).toBe(true);
      // lib/base/connection.js: stream.setKeepAlive(true, keepAliveInitialDelay).
      expectTimer(r.ss, r.ageSec, maria.port, T);
      expect(r.sockopts).toEqual(libuvSockopts(T));
    });
  }

  it('with maxIdle left at its default (= connectionLimit), mysql2 arms no idle reaper: idleTimeout alone does nothing', async () => {
    const s = poolSnippet(MY_QUERIES[0], 'mysql2-pool');
    const withoutMaxIdle = atMaria(s).replace(/^\s*maxIdle:.*\n/m, '');
    expect(withoutMaxIdle).not.toMatch(/maxIdle/);
    const r = ok(await nodeReport(withoutMaxIdle, 'mysql2', maria.port, maria.ns));
    expect(r.options.maxIdle).toBe(r.options.connectionLimit);
    expect(r.idleReaperArmed).toBe(false);
  });
});

describe('go-sql: Debian Go 1.19 builds the snippet (GOPATH mode, Debian lib/pq and go-sql-driver/mysql), pings the server, and reads the limits back', () => {
  for (const query of PG_QUERIES) {
    it(`postgres (lib/pq) ?${query}: SetConnMaxIdleTime = SetConnMaxLifetime = L; the pooled socket keeps Go's dialer keepalive (15 s, 15 s)`, async () => {
      versions.set('Go lib/pq', await debVersion('golang-github-lib-pq-dev'));
      const s = poolSnippet(query, 'go-sql');
      const b = await goReport<GoSqlReport>(atPg(s), 'gosql_main.go', gocache, pg.port);
      expect(b.gofmt.code, why(b.gofmt)).toBe(0);
      expect(b.gofmt.stdout, 'gofmt -l lists the snippet: not gofmt-formatted').toBe('');
      expect(b.build?.code, b.build && why(b.build)).toBe(0);
      const r = ok(b.run as Report<GoSqlReport>);
      versions.set('Go', r.go);
      expect([r.maxIdleTimeSec, r.maxLifetimeSec], query).toEqual([poolLimit(s.values), poolLimit(s.values)]);
      expect(r.stats.OpenConnections, 'Ping opened a connection').toBeGreaterThanOrEqual(1);
      // The snippet sets no keepalive: lib/pq's dialer leaves Go's defaults on the pooled socket.
      expect(r.sockopts).toEqual(await goDialerSockopts());
    });
  }

  for (const query of MY_QUERIES) {
    it(`mysql (go-sql-driver/mysql) ?${query}: SetConnMaxIdleTime = SetConnMaxLifetime = L; the pooled socket keeps Go's dialer keepalive (15 s, 15 s)`, async () => {
      versions.set('Go go-sql-driver/mysql', await debVersion('golang-github-go-sql-driver-mysql-dev'));
      const s = poolSnippet(query, 'go-sql');
      const b = await goReport<GoSqlReport>(atMaria(s), 'gosql_main.go', gocache, maria.port, maria.ns);
      expect(b.gofmt.code, why(b.gofmt)).toBe(0);
      expect(b.gofmt.stdout, 'gofmt -l lists the snippet: not gofmt-formatted').toBe('');
      expect(b.build?.code, b.build && why(b.build)).toBe(0);
      const r = ok(b.run as Report<GoSqlReport>);
      expect([r.maxIdleTimeSec, r.maxLifetimeSec], query).toEqual([poolLimit(s.values), poolLimit(s.values)]);
      expect(r.stats.OpenConnections, 'Ping opened a connection').toBeGreaterThanOrEqual(1);
      // connector.go (1.5): net.Dialer{Timeout} and SetKeepAlive(true): Go's defaults, the count the namespace's.
      expect(r.sockopts).toEqual(await goDialerSockopts(maria.ns));
    });
  }

  // Why the suite's PostgreSQL has TLS on: the snippet names no sslmode, and lib/pq's default is
  // `require` (lib/pq ssl.go), where libpq and pgx default to `prefer`.
  it("postgres (lib/pq): against a server without TLS the snippet fails at Ping, lib/pq's sslmode defaulting to require", async () => {
    const plain = await initPostgres();
    const started = await plain.start('');
    expect(started.ok, started.log).toBe(true);
    await preparePostgres(plain.port);
    const b = await goReport<GoSqlReport>(
      pointAt(poolSnippet(PG_QUERIES[0], 'go-sql').text, plain.port),
      'gosql_main.go',
      gocache,
      plain.port,
    );
    await plain.stop();
    expect(b.build?.code, b.build && why(b.build)).toBe(0);
    expect(b.run?.result.code).not.toBe(0);
    expect(b.run?.result.stderr).toMatch(/SSL is not enabled on the server/);
  });
});

/** pool_max_conn_idle_time and pool_health_check_period as the snippet's connString writes them (seconds). */
function pgxDurations(text: string): { idle: number; health: number } {
  const idle = /pool_max_conn_idle_time=(\d+)s/.exec(text)?.[1];
  const health = /pool_health_check_period=(\d+)s/.exec(text)?.[1];
  expect(
    idle && health,
    'connString names pool_max_conn_idle_time and pool_health_check_period in whole seconds',
  ).toBeTruthy();
  return { idle: Number(idle), health: Number(health) };
}

describe('pgx: Debian Go 1.19 builds the snippet against Debian pgx v4 (import rewritten to v4, NewWithConfig to ConnectConfig), pings the server, and reads Config() back', () => {
  for (const query of PG_QUERIES) {
    it(`?${query}: MaxConnLifetime = L, MaxConnIdleTime + HealthCheckPeriod <= L; the pooled socket keeps pgconn's keepalive (5 min, 5 min)`, async () => {
      versions.set('Go pgx', await debVersion('golang-github-jackc-pgx-v4-dev'));
      const s = poolSnippet(query, 'pgx');
      expect(s.text).toMatch(/"github\.com\/jackc\/pgx\/v5\/pgxpool"/);
      const v4 = pgxToV4(atPg(s));
      expect(v4).toMatch(/pgxpool\.ConnectConfig\(ctx, config\)/);
      const b = await goReport<PgxReport>(v4, 'pgx_main.go', gocache, pg.port);
      expect(b.gofmt.code, why(b.gofmt)).toBe(0);
      expect(b.gofmt.stdout, 'gofmt -l lists the snippet: not gofmt-formatted').toBe('');
      expect(b.build?.code, b.build && why(b.build)).toBe(0);
      const r = ok(b.run as Report<PgxReport>);
      const L = poolLimit(s.values);
      const { idle, health } = pgxDurations(s.text);
      // pgxpool/pool.go (v4.15) ParseConfig: the pool_* keys become Config's fields.
      expect(r.maxConnLifetimeSec, query).toBe(L);
      expect([r.maxConnIdleTimeSec, r.healthCheckPeriodSec], query).toEqual([idle, health]);
      // The health check closes a connection idle past MaxConnIdleTime at its next run: both together stay within L.
      expect(idle > 0 && health > 0 && idle + health <= L, `idle ${idle} + health ${health} <= L ${L}`).toBe(true);
      // The snippet sets no keepalive: pgconn's dialer (pgconn/config.go, 1.11: KeepAlive 5 min) stays on the socket.
      expect(r.sockopts).toEqual([1, 300, 300, await kernelProbes(), 0]);
    });
  }
});

describe('hikaricp: Debian HikariCP 2.7.9 loads the properties (keepaliveTime, 4.0.0+, checked for syntax only)', () => {
  for (const [query, at, scheme] of [
    ...PG_QUERIES.map((q) => [q, 'pg', 'jdbc:postgresql:'] as const),
    ...MY_QUERIES.map((q) => [q, 'maria', 'jdbc:mysql:'] as const),
  ]) {
    it(`?${query}: getMaxLifetime() = max(30, L) * 1000, getJdbcUrl() with tcpKeepAlive=true, one query through the pool, its socket's keepalive timer the kernel's; keepaliveTime checked for syntax only (>= 30000, < maxLifetime)`, async () => {
      const s = poolSnippet(query, 'hikaricp');
      const text = at === 'pg' ? atPg(s) : atMaria(s);
      // The snippet leaves the timers to the kernel (tcpKeepAlive is on/off: FACTS.md sections 4, 5): in MariaDB's
      // namespace the emitted sysctl snippet sets them to T; the host's PostgreSQL leg keeps the host's value.
      if (at === 'maria') await applyPlanSysctl(query);
      const port = at === 'pg' ? pg.port : maria.port;
      const started = Date.now();
      const r = ok(await hikariReport(text, port, at === 'pg' ? undefined : maria.ns));
      expectTimer(
        r.ss ?? '',
        (Date.now() - started) / 1000,
        port,
        at === 'pg' ? hostKeepaliveTime() : s.values.keepalive.idle,
      );
      versions.set('HikariCP', r.hikari ?? '?');
      const L = poolLimit(s.values);
      const maxLifetime = Math.max(30, L) * 1000;
      // HikariConfig.validateNumerics (2.7.9): below 30000 ms maxLifetime is replaced by 1800000; the snippet's value survives it.
      expect([r.maxLifetimeSet, r.maxLifetime]).toEqual([maxLifetime, maxLifetime]);
      const url = /^jdbcUrl=(.*)$/m.exec(text)?.[1];
      expect(r.jdbcUrl).toBe(url);
      expect(r.jdbcUrl?.startsWith(scheme) && r.jdbcUrl.includes('tcpKeepAlive=true')).toBe(true);
      expect(r.server).toMatch(at === 'pg' ? /^PostgreSQL / : /MariaDB/);
      // keepaliveTime (HikariCP 4.0.0+): ms, disabled below 30000, must be below maxLifetime. No value can
      // satisfy both when maxLifetime is the 30000 floor: then the snippet must leave it out.
      if (maxLifetime > 30_000) {
        expect(r.keepaliveTime).toMatch(/^\d+$/);
        const k = Number(r.keepaliveTime);
        expect(k >= 30_000 && k < maxLifetime, `keepaliveTime ${k} in [30000, ${maxLifetime})`).toBe(true);
        // 2.7.9 has no such property: the whole file is refused by HikariConfig, which is why it is checked for syntax only.
        expect(r.wholeFile).toMatch(/keepaliveTime does not exist/);
      } else {
        expect(r.keepaliveTime).toBeNull();
        expect(r.wholeFile).toBeNull();
      }
    });
  }

  it('2.7.9 replaces a maxLifetime below 30000 ms by its 1800000 ms default (why the snippet never goes below 30000)', async () => {
    const r = ok(await hikariReport(`jdbcUrl=jdbc:postgresql://127.0.0.1:${pg.port}/app\nmaxLifetime=29000\n`));
    expect(r.maxLifetimeSet).toBe(29_000);
    expect(r.maxLifetime).toBe(1_800_000);
  });
});

describe('pgbouncer-ini: the real pgbouncer takes the new server_idle_timeout (SHOW CONFIG)', () => {
  for (const query of PG_QUERIES) {
    it(`?${query}: server_idle_timeout = L (below pgbouncer's 600 s default)`, async () => {
      const s = poolSnippet(query, 'pgbouncer-ini');
      const L = poolLimit(s.values);
      const r = await runPgbouncer(s.text, pg.port);
      expect(r.ok, r.log).toBe(true);
      versions.set('pgbouncer', await debVersion('pgbouncer'));
      // pgbouncer(5) pgbouncer.ini: server_idle_timeout, seconds, default 600; the snippet sets it only when L < 600.
      expect(r.config.get('server_idle_timeout')).toBe(String(L < 600 ? L : 600));
    });
  }

  it('without the key pgbouncer keeps its 600 s default', async () => {
    const r = await runPgbouncer('tcp_keepalive = 1\n', pg.port);
    expect(r.ok, r.log).toBe(true);
    expect(r.config.get('server_idle_timeout')).toBe('600');
  });
});

/** A Go `package db` with Open() as the snippets have it, for the defaults: sql.Open only, no limits set. */
function goDefaultSql(driver: 'postgres' | 'mysql', dsn: string): string {
  const pkg = driver === 'postgres' ? 'github.com/lib/pq' : 'github.com/go-sql-driver/mysql';
  return `package db\n\nimport (\n\t"database/sql"\n\n\t_ "${pkg}"\n)\n\nfunc Open() (*sql.DB, error) {\n\treturn sql.Open(${JSON.stringify(driver)}, ${JSON.stringify(dsn)})\n}\n`;
}

describe('library defaults (the contract\'s "before" side), read back from the same libraries with nothing set', () => {
  it('SQLAlchemy 1.4: pool_recycle -1 and pool_pre_ping False', async () => {
    const r = ok(
      await pythonReport<SqlalchemyReport>(
        'sqlalchemy_report.py',
        `from sqlalchemy import create_engine\n\nengine = create_engine("postgresql+psycopg2://127.0.0.1:${pg.port}/app")\n`,
      ),
    );
    expect([r.recycle, r.prePing]).toEqual([-1, false]);
  });

  it('psycopg_pool 3.1: max_lifetime 3600 s, max_idle 600 s, min_size 4', async () => {
    const r = ok(
      await pythonReport<PsycopgPoolReport>(
        'psycopg_pool_report.py',
        `from psycopg_pool import ConnectionPool\n\npool = ConnectionPool("host=127.0.0.1 port=${pg.port} dbname=app")\n`,
      ),
    );
    expect([r.maxLifetime, r.maxIdle, r.minSize]).toEqual([3600, 600, 4]);
  });

  it('pg-pool 3.14: idleTimeoutMillis 10000, maxLifetimeSeconds 0, min 0, and keepAlive off (no keepalive timer on the socket)', async () => {
    const r = ok(
      await nodeReport(
        `import pg from "pg";\n\nexport const pool = new pg.Pool({ host: "127.0.0.1", port: ${pg.port}, database: "app" });\n`,
        'pg',
        pg.port,
      ),
    );
    expect(r.options).toMatchObject({ idleTimeoutMillis: 10_000, maxLifetimeSeconds: 0, min: 0 });
    expect(r.options.keepAlive).toBeFalsy();
    expect(pooledSocket(r.ss, pg.port).timer).not.toBe('keepalive');
  });

  it('mysql2 3.24: enableKeepAlive true with keepAliveInitialDelay unset, idleTimeout 60000, maxIdle = connectionLimit = 10, so no idle reaper', async () => {
    const r = ok(
      await nodeReport(
        `import mysql from "mysql2/promise";\n\nexport const pool = mysql.createPool({ host: "127.0.0.1", port: ${maria.port}, database: "app" });\n`,
        'mysql2',
        maria.port,
        maria.ns,
      ),
    );
    expect(r.options).toMatchObject({ enableKeepAlive: true, idleTimeout: 60_000, maxIdle: 10, connectionLimit: 10 });
    expect(r.options.keepAliveInitialDelay).toBeUndefined();
    expect(r.idleReaperArmed).toBe(false);
    expect(pooledSocket(r.ss, maria.port).timer).toBe('keepalive');
    // setKeepAlive(true) with no delay: SO_KEEPALIVE only, the namespace's kernel timers (FACTS.md sections 2, 5).
    expect(r.sockopts).toEqual([1, ...(await kernelKeepalive(maria.ns)), 0]);
  });

  it('Go database/sql (lib/pq and go-sql-driver/mysql): no idle time and no lifetime', async () => {
    for (const [src, port, ns] of [
      [goDefaultSql('postgres', `host=127.0.0.1 port=${pg.port} dbname=app`), pg.port, undefined],
      [goDefaultSql('mysql', `tcp(127.0.0.1:${maria.port})/app`), maria.port, maria.ns],
    ] as const) {
      const b = await goReport<GoSqlReport>(src, 'gosql_main.go', gocache, port, ns);
      expect(b.build?.code, b.build && why(b.build)).toBe(0);
      const r = ok(b.run as Report<GoSqlReport>);
      expect([r.maxIdleTimeSec, r.maxLifetimeSec]).toEqual([0, 0]);
      // Both drivers dial with Go's net.Dialer, KeepAlive 0 = Go's 15 s as idle and interval; the count stays the kernel's 9 (FACTS.md section 2).
      expect(r.sockopts).toEqual(await goDialerSockopts(ns));
    }
  });

  it('pgx v4.15: MaxConnLifetime 1 h, MaxConnIdleTime 30 min, HealthCheckPeriod 1 min; pgconn dials with keepalive 5 min as idle and interval', async () => {
    const src = `package db\n\nimport (\n\t"context"\n\n\t"github.com/jackc/pgx/v4/pgxpool"\n)\n\nfunc Open(ctx context.Context) (*pgxpool.Pool, error) {\n\treturn pgxpool.Connect(ctx, "host=127.0.0.1 port=${pg.port} dbname=app")\n}\n`;
    const b = await goReport<PgxReport>(src, 'pgx_main.go', gocache, pg.port);
    expect(b.build?.code, b.build && why(b.build)).toBe(0);
    const r = ok(b.run as Report<PgxReport>);
    expect([r.maxConnLifetimeSec, r.maxConnIdleTimeSec, r.healthCheckPeriodSec]).toEqual([3600, 1800, 60]);
    // pgconn/config.go (1.11): net.Dialer{KeepAlive: 5 * time.Minute}; Go applies it as idle and interval.
    expect(r.sockopts).toEqual([1, 300, 300, await kernelProbes(), 0]);
  });

  it('HikariCP 2.7.9: maxLifetime 1800000, idleTimeout 600000, validationTimeout 5000, minimumIdle = maximumPoolSize = 10; PgJDBC keepalive off, MariaDB Connector/J on', async () => {
    const started = Date.now();
    const p = ok(await hikariReport(`jdbcUrl=jdbc:postgresql://127.0.0.1:${pg.port}/app\n`, pg.port));
    expect([p.maxLifetime, p.idleTimeout, p.validationTimeout, p.minimumIdle, p.maximumPoolSize]).toEqual([
      1_800_000, 600_000, 5_000, 10, 10,
    ]);
    expect(pooledSocket(p.ss ?? '', pg.port).timer).not.toBe('keepalive');
    await applyPlanSysctl(MY_QUERIES[0]);
    const m = ok(await hikariReport(`jdbcUrl=jdbc:mysql://127.0.0.1:${maria.port}/app\n`, maria.port, maria.ns));
    versions
      .set('PgJDBC', await debVersion('libpostgresql-jdbc-java'))
      .set('MariaDB Connector/J', await debVersion('libmariadb-java'));
    expectTimer(
      m.ss ?? '',
      (Date.now() - started) / 1000,
      maria.port,
      poolSnippet(MY_QUERIES[0], 'sysctl').values.keepalive.idle,
    );
  });
});
