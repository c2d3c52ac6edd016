/** PostgreSQL server, libpq clients, pgbouncer and PgJDBC (FACTS.md section 4). */
import { PER_SOCKET_LIMITS } from '../kernel';
import { detectionOf } from '../timeline';
import { busyWithChecks, idle, writes } from '../timeline/models';
import { KEY_EQUALS, comment, serialize, setting } from '../render/lines';
import { layerWorst, makeSnippet, urlHost } from '../render/snippet';
import type { Plan, Warning } from '../types';
import { choosePoolLimit, poolLayer, poolSnippets, poolWarnings } from './pools';
import { POSTGRES_VERSIONS } from '../catalog';
import {
  CONNECT_TIMEOUT_S,
  DBHOST_FIELD,
  kernelGaps,
  plainOptions,
  planSocket,
  poolWarning,
  type Context,
  type Target,
} from './target';

/** tcp_user_timeout needs 12, client_connection_check_interval 14 (guc_parameters.dat). */
/** PostgreSQL's default port (runtime-config-connection). */
const PORT = 5432;

const hasUserTimeout = (v: number) => v >= 12;
const hasConnectionCheck = (v: number) => v >= 14;

/**
 * libpq and pgbouncer: idle, and a write into the dead path (psql's next command, a result pgbouncer
 * forwards), after which keepalive stops and U (or tcp_retries2) decides: about K + U at worst.
 */
function clientModels(ctx: Context, phase: 'before' | 'after', owner: string, write: string) {
  const sock = planSocket(ctx, phase, owner, ctx.values.userTimeoutMs);
  return [idle(sock), writes(owner === 'pgbouncer' ? 'writing-result' : 'waiting-for-reply', sock, owner, write)];
}

/**
 * The backend: idle; writing a result after the path died (K + U, or K + tcp_retries2 without U, FACTS.md
 * section 10); busy in a query without output, noticed at the next client_connection_check_interval
 * after the kernel resets the socket (14+; the snippet sets it to the probe interval).
 */
function serverModels(ctx: Context, phase: 'before' | 'after') {
  const v = ctx.input.postgres;
  const sock = planSocket(ctx, phase, 'the backend', hasUserTimeout(v) ? ctx.values.userTimeoutMs : undefined);
  const models = [
    idle(sock),
    writes('writing-result', sock, 'the backend', 'the backend writes a result (rows, a NOTICE, COPY data)'),
  ];
  if (phase === 'after' && hasConnectionCheck(v))
    models.push(busyWithChecks(sock, 'the backend', ctx.values.keepalive.interval, 'client_connection_check_interval'));
  return models;
}

/** pgbouncer's server_idle_timeout default, 600 s (pgbouncer config docs): set only when the pool limit is below it. */
const BOUNCER_SERVER_IDLE = 600;
const bouncerIdle = (plan: Plan): number | undefined =>
  plan.values.poolLimit !== undefined && plan.values.poolLimit < BOUNCER_SERVER_IDLE
    ? plan.values.poolLimit
    : undefined;

/** libpq keywords: plain integers, no unit suffix (FACTS.md section 4). */
function libpqKeywords(plan: Plan): [string, number | string][] {
  const k = plan.values.keepalive;
  const u = plan.values.userTimeoutMs;
  return [
    ['host', plan.input.dbhost],
    ['port', PORT],
    ['dbname', 'app'],
    ['keepalives', 1],
    ['keepalives_idle', k.idle],
    ['keepalives_interval', k.interval],
    ['keepalives_count', k.count],
    ...(u ? [['tcp_user_timeout', u] as [string, number]] : []),
    ['connect_timeout', CONNECT_TIMEOUT_S],
  ];
}

/** The conninfo string: every value passed a grammar or is a number, so none needs quoting. */
export function conninfo(plan: Plan): string {
  return libpqKeywords(plan)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

export const postgres = {
  id: 'postgres',
  fields: [
    {
      key: 'postgres',
      group: 'version',
      control: 'select',
      label: 'PostgreSQL version',
      options: plainOptions(POSTGRES_VERSIONS),
      value: (input) => String(input.postgres),
    },
    DBHOST_FIELD,
  ],
  limits: PER_SOCKET_LIMITS,
  userTimeout: () => true,
  headline: 'libpq',
  // PostgreSQL's own idle_session_timeout is 0 (off) by default (runtime-config-client): only the path bounds the pools.
  extras: (_input, path) => ({ poolLimit: choosePoolLimit(path, undefined) }),
  layers: (ctx) => {
    const both = <T>(f: (phase: 'before' | 'after') => T) => ({ before: f('before'), after: f('after') });
    const libpq = (phase: 'before' | 'after') =>
      detectionOf(clientModels(ctx, phase, 'psql', 'psql sends its next command'));
    const bouncer = (phase: 'before' | 'after') =>
      detectionOf(clientModels(ctx, phase, 'pgbouncer', 'pgbouncer forwards a result to its client'));
    return [
      { layer: 'libpq', label: 'the client through libpq (psql, psycopg)', ...both(libpq) },
      {
        layer: 'postgres-server',
        label: `the PostgreSQL ${ctx.input.postgres} server (tcp_keepalives_*)`,
        ...both((phase) => detectionOf(serverModels(ctx, phase))),
      },
      { layer: 'pgbouncer', label: 'pgbouncer (both legs)', ...both(bouncer) },
      ...poolLayer(ctx),
    ];
  },
  warnings: (ctx) => {
    const { input, path } = ctx;
    const w: Warning[] = [
      {
        code: 'postgres-unix-socket',
        concerns: 'postgresql-conf',
        message:
          'The tcp_keepalives_* settings apply to TCP connections only: over a Unix-domain socket SHOW prints 0. Check them over TCP (psql "host=...") or in pg_file_settings.',
      },
      hasConnectionCheck(input.postgres)
        ? {
            code: 'postgres-query-in-progress',
            concerns: 'postgresql-conf',
            message:
              'A backend busy in a long query only notices a dead client at its next socket use: client_connection_check_interval makes it check while the query runs.',
          }
        : {
            code: 'postgres-query-in-progress',
            concerns: 'postgresql-conf',
            message: `A backend busy in a long query only notices a dead client at its next socket use; PostgreSQL ${input.postgres} has no client_connection_check_interval (14+).`,
          },
      {
        code: 'jdbc-keepalive-switch-only',
        concerns: 'jdbc',
        message:
          "PgJDBC tcpKeepAlive=true only switches SO_KEEPALIVE on (default off): the idle, interval and count are the kernel's, so the sysctl snippet must be applied on the client host.",
      },
    ];
    return [
      ...w,
      ...poolWarnings(ctx),
      ...poolWarning(
        path,
        `The pool snippets keep every pooled connection's idle time and lifetime at or below ${ctx.values.poolLimit ?? 0} s, and pgbouncer's server_idle_timeout too; a connection your code holds outside a pool needs a query such as SELECT 1 more often.`,
      ),
    ];
  },
  gaps: kernelGaps,
  snippets: (plan) => {
    const k = plan.values.keepalive;
    const v = plan.input.postgres;
    const u = plan.values.userTimeoutMs;
    const server = serialize(
      [
        comment('TCP connections only. Apply: SELECT pg_reload_conf(); new connections pick the values up.'),
        comment('Plain integers: a unit such as 500ms on a seconds setting rounds to 0, the OS default.'),
        setting('tcp_keepalives_idle', k.idle),
        setting('tcp_keepalives_interval', k.interval),
        setting('tcp_keepalives_count', k.count),
        ...(u && hasUserTimeout(v) ? [setting('tcp_user_timeout', u)] : []),
        // ms; once per probe interval: a backend busy in a query notices the dead socket within I of the kernel.
        ...(hasConnectionCheck(v) ? [setting('client_connection_check_interval', k.interval * 1000)] : []),
      ],
      KEY_EQUALS,
    );
    // Keys only, no `[pgbouncer]` head: pasted below an existing file's own head, a second
    // [pgbouncer] section would discard every key set in the first (measured on pgbouncer 1.18:
    // tests/real/pgbouncer.test.ts). Debian's pgbouncer.ini ends in its [pgbouncer] section.
    const bouncer = serialize(
      [
        comment('Keys of the [pgbouncer] section: paste them inside your existing [pgbouncer] section (at its end).'),
        comment('Do not add a second [pgbouncer] line: pgbouncer then discards every key set in the first.'),
        comment('Applies to the client and the server legs. Plain integers: 30s stops pgbouncer from starting.'),
        setting('tcp_keepalive', 1),
        setting('tcp_keepidle', k.idle),
        setting('tcp_keepintvl', k.interval),
        setting('tcp_keepcnt', k.count),
        ...(u ? [setting('tcp_user_timeout', u)] : []),
        ...(bouncerIdle(plan) === undefined
          ? []
          : [
              comment('Seconds: closes server connections idle this long, before the path forgets them (default 600).'),
              setting('server_idle_timeout', bouncerIdle(plan)!),
            ]),
      ],
      KEY_EQUALS,
    );
    const psycopg = [
      'import psycopg  # psycopg 3; psycopg2.connect takes the same keyword arguments',
      '',
      '# libpq sets the keepalive options on its own socket: no setsockopt on conn.fileno() needed.',
      'conn = psycopg.connect(',
      ...libpqKeywords(plan).map(([key, val]) => `    ${key}=${typeof val === 'number' ? val : JSON.stringify(val)},`),
      ')',
    ];
    const jdbc = [
      '# PgJDBC: tcpKeepAlive only switches SO_KEEPALIVE on (default false); it has no idle, interval or count.',
      "# The timers are the kernel's: apply the sysctl snippet on the client host (or its container).",
      `url=jdbc:postgresql://${urlHost(plan.input.dbhost)}:${PORT}/app?tcpKeepAlive=true`,
      'tcpKeepAlive=true',
    ];
    const libpq = layerWorst(plan, 'libpq');
    return [
      makeSnippet(
        plan,
        {
          id: 'postgresql-conf',
          title: 'PostgreSQL server keepalive (postgresql.conf)',
          filename: 'postgresql.conf',
          destination: 'postgresql.conf, or a file in conf.d/',
          language: 'ini',
        },
        layerWorst(plan, 'postgres-server'),
        server,
      ),
      makeSnippet(
        plan,
        {
          id: 'libpq',
          title: 'libpq connection string (psql and every libpq client)',
          filename: 'conninfo.sh',
          destination: 'your connection string',
          language: 'shellscript',
        },
        libpq,
        ['# Keywords take plain integers: 10s is rejected.', `psql "${conninfo(plan)}"`],
      ),
      makeSnippet(
        plan,
        {
          id: 'psycopg',
          title: 'psycopg keyword arguments',
          filename: 'connect.py',
          destination: 'where your Python code connects',
          language: 'python',
        },
        libpq,
        psycopg,
      ),
      makeSnippet(
        plan,
        {
          id: 'pgbouncer-ini',
          title: 'pgbouncer keepalive (pgbouncer.ini)',
          filename: 'pgbouncer.ini',
          destination: 'the [pgbouncer] section of pgbouncer.ini',
          language: 'ini',
        },
        layerWorst(plan, 'pgbouncer'),
        bouncer,
      ),
      makeSnippet(
        plan,
        {
          id: 'jdbc',
          title: 'PgJDBC connection property',
          filename: 'jdbc.properties',
          destination: 'your JDBC URL or DataSource properties',
          language: 'properties',
        },
        undefined,
        jdbc,
      ),
      ...poolSnippets(plan, {
        target: 'postgres',
        host: plan.input.dbhost,
        port: PORT,
        libpq: libpqKeywords(plan),
        mariadb: false,
      }),
    ];
  },
  verify: (plan) => ({
    port: PORT,
    commands: [
      '# Over TCP (host=...): over a Unix socket these read 0.',
      `psql "host=${plan.input.dbhost} dbname=app" -c 'SHOW tcp_keepalives_idle' -c 'SHOW tcp_keepalives_interval' -c 'SHOW tcp_keepalives_count'`,
      `psql "host=${plan.input.dbhost} dbname=app" -c "SELECT name, setting, sourcefile FROM pg_file_settings WHERE name LIKE 'tcp%'"`,
    ],
  }),
} as const satisfies Target;
