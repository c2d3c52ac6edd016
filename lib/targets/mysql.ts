/** MySQL and MariaDB servers, their option files and connectors (FACTS.md section 5). */
import { PER_SOCKET_LIMITS } from '../kernel';
import { NODE_FIXED } from '../detection';
import { detectionOf } from '../timeline';
import { closesIdle, idle, insideStatement, writes } from '../timeline/models';
import { KEY_EQUALS, blank, block, comment, serialize, setting } from '../render/lines';
import { layerWorst, makeSnippet, urlHost } from '../render/snippet';
import type { Input, LayerDetection, Warning } from '../types';
import { choosePoolLimit, poolLayer, poolSnippets, poolWarnings } from './pools';
import { MYSQL_VERSIONS } from '../catalog';
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

/** MariaDB >= 10.3.3 has tcp_keepalive_* server variables; Oracle MySQL has none (vio_keepalive, OS timers). */
const isMariadb = (input: Input) => input.mysql.startsWith('mariadb-');
/** The MySQL and MariaDB default port. */
const PORT = 3306;
/** wait_timeout default: an idle connection is closed by the server after 8 h (FACTS.md section 5). */
const WAIT_TIMEOUT = 28800;
/** innodb_lock_wait_timeout default, 50 s: how long a statement in a row-lock wait runs (FACTS.md section 10). */
export const LOCK_WAIT_TIMEOUT = 50;

/**
 * The server thread: idle (wait_timeout or the kernel); inside a statement, which ignores the socket
 * until it ends and then writes its result (retransmission decides if the kernel had not reset the
 * socket yet); streaming a dump, whose rows are in flight from the moment the path dies (FACTS.md
 * section 10). MySQL and MariaDB have no TCP_USER_TIMEOUT: tcp_retries2 is the lever.
 */
function serverModels(ctx: Context, phase: 'before' | 'after') {
  const sock = planSocket(ctx, phase, 'the server thread');
  const wait = [{ name: 'wait_timeout', value: WAIT_TIMEOUT, unit: 's' as const }];
  return [
    closesIdle(sock, WAIT_TIMEOUT, 'the server', 'wait_timeout closes the idle connection', wait),
    insideStatement(sock, 'the server thread', LOCK_WAIT_TIMEOUT, [
      { name: 'innodb_lock_wait_timeout', value: LOCK_WAIT_TIMEOUT, unit: 's' },
    ]),
    writes('streaming-dump', sock, 'the server thread', 'the server streams rows to mysqldump', 0),
  ];
}

/** Node's mysql2 pool: enableKeepAlive with keepAliveInitialDelay, libuv then 1 s × 10; before, the OS defaults. */
export function mysql2Layer(ctx: Context): LayerDetection {
  // The snippet's keepAliveInitialDelay is T × 1000 ms: libuv's TCP_KEEPIDLE is then T (FACTS.md section 2).
  const after = {
    keepalive: { idle: ctx.values.keepalive.idle, ...NODE_FIXED },
    retries2: ctx.values.retries2,
    owner: 'mysql2',
  };
  return {
    layer: 'mysql2',
    label: 'Node.js mysql2 (enableKeepAlive)',
    before: detectionOf([idle(planSocket(ctx, 'before', 'mysql2'))]),
    after: detectionOf([idle(after)]),
  };
}

export const mysql = {
  id: 'mysql',
  fields: [
    {
      key: 'mysql',
      group: 'version',
      control: 'select',
      label: 'MySQL or MariaDB server version',
      options: plainOptions(MYSQL_VERSIONS),
      value: (input) => input.mysql,
    },
    DBHOST_FIELD,
  ],
  limits: PER_SOCKET_LIMITS,
  userTimeout: () => false,
  headline: 'mysql-server',
  // wait_timeout closes idle connections at the server: the pools stay below it too.
  extras: (_input, path) => ({ poolLimit: choosePoolLimit(path, WAIT_TIMEOUT) }),
  layers: (ctx) => [
    {
      layer: 'mysql-server',
      label: `the ${ctx.input.mysql.replace('-', ' ')} server`,
      before: detectionOf(serverModels(ctx, 'before')),
      after: detectionOf(serverModels(ctx, 'after')),
    },
    ...(ctx.input.lang.includes('node') ? [mysql2Layer(ctx)] : []),
    ...poolLayer(ctx),
  ],
  warnings: (ctx) => {
    const { input, path } = ctx;
    const w: Warning[] = [];
    if (!isMariadb(input)) {
      w.push({
        code: 'oracle-mysql-no-keepalive-vars',
        concerns: 'my-cnf',
        message:
          'Oracle MySQL has no keepalive variables: mysqld switches SO_KEEPALIVE on with the kernel timers, so the sysctl snippet on the server host is what sets them.',
      });
    }
    w.push(
      {
        code: 'mysql-client-timeouts',
        concerns: 'my-cnf',
        message:
          'mysql and mariadb accept only --connect-timeout; --read-timeout does not exist, and read_timeout in [client] breaks mysql and mysqldump. Read and write timeouts exist only in connectors.',
      },
      {
        code: 'jdbc-keepalive-switch-only',
        concerns: 'connector-j',
        message:
          "Connector/J's tcpKeepAlive (default true) only switches SO_KEEPALIVE on: the timers are the kernel's, so apply the sysctl snippet on the client host.",
      },
    );
    return [
      ...w,
      ...poolWarnings(ctx),
      ...poolWarning(
        path,
        `The pool snippets keep every pooled connection's idle time and lifetime at or below ${ctx.values.poolLimit ?? 0} s; a connection your code holds outside a pool needs a cheap query (SELECT 1) more often.`,
      ),
    ];
  },
  gaps: kernelGaps,
  snippets: (plan) => {
    const k = plan.values.keepalive;
    const maria = isMariadb(plan.input);
    const server = maria
      ? [
          block('mysqld', [
            comment('MariaDB 10.3.3+. Plain integers: a suffix such as 60s is an error (K, M, G are multipliers).'),
            setting('tcp_keepalive_time', k.idle),
            setting('tcp_keepalive_interval', k.interval),
            setting('tcp_keepalive_probes', k.count),
          ]),
        ]
      : [comment('Oracle MySQL has no keepalive variables: mysqld uses the kernel timers (the sysctl snippet).')];
    const cnf = serialize(
      [
        ...server,
        blank,
        comment('The command-line client only. Never in [client]: every client program reads it,'),
        comment('and one option a program does not know aborts it (mysqldump has no timeouts).'),
        block('mysql', [setting('connect_timeout', CONNECT_TIMEOUT_S)]),
      ],
      KEY_EQUALS,
    );
    const host = plan.input.dbhost;
    const connectorJ = [
      '# tcpKeepAlive is on by default with the kernel timers: the sysctl snippet sets them.',
      `url=jdbc:mysql://${urlHost(host)}:${PORT}/app?tcpKeepAlive=true&connectTimeout=${CONNECT_TIMEOUT_S * 1000}`,
    ];
    const pymysql = [
      'import pymysql',
      '',
      '# PyMySQL always enables SO_KEEPALIVE with the kernel timers: the sysctl snippet sets them.',
      '# read_timeout and write_timeout (seconds) also bound a query that hangs on a dead server.',
      `conn = pymysql.connect(host=${JSON.stringify(host)}, database="app", connect_timeout=${CONNECT_TIMEOUT_S})`,
    ];
    const linux = layerWorst(plan, 'linux');
    return [
      makeSnippet(
        plan,
        {
          id: 'my-cnf',
          title: 'server and client options (my.cnf)',
          filename: '90-keepalive.cnf',
          destination: maria ? '/etc/mysql/mariadb.conf.d/90-keepalive.cnf' : '/etc/mysql/conf.d/90-keepalive.cnf',
          language: 'ini',
        },
        layerWorst(plan, 'mysql-server'),
        cnf,
      ),
      makeSnippet(
        plan,
        {
          id: 'connector-j',
          title: 'Connector/J URL',
          filename: 'jdbc.properties',
          destination: 'your JDBC URL',
          language: 'properties',
        },
        linux,
        connectorJ,
      ),
      makeSnippet(
        plan,
        {
          id: 'pymysql',
          title: 'PyMySQL connect',
          filename: 'connect.py',
          destination: 'where your Python code connects',
          language: 'python',
        },
        linux,
        pymysql,
      ),
      ...poolSnippets(plan, { target: 'mysql', host, port: PORT, libpq: [], mariadb: maria }),
    ];
  },
  verify: (plan) => ({
    port: PORT,
    commands: isMariadb(plan.input)
      ? [`mariadb -h ${plan.input.dbhost} -e "SHOW GLOBAL VARIABLES LIKE 'tcp_keepalive%'"`]
      : ['# Oracle MySQL: the kernel values above are what mysqld uses.'],
  }),
} as const satisfies Target;
