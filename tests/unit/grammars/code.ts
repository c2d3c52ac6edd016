// Code snippets (Python, JavaScript, Go, Java): compared with the same snippet of reference plans.
// Between two plans only digits (and the checked database host) may vary, so no input can add code.
import { run } from '../../../lib/engine';
import { APPS } from '../../../lib/catalog';
import type { Plan, Snippet } from '../../../lib/types';
import { header, isSafeHost, lines, type Problems } from './common';
import { libpqPairs } from './conninfo';

export const CODE_IDS = [
  'code-python',
  'code-node',
  'code-go',
  'code-java',
  'psycopg',
  'pymysql',
  'sqlalchemy',
  'go-sql',
  'psycopg-pool',
  'node-postgres',
  'pgx',
  'mysql2-pool',
  'app-server',
  'ioredis',
  'node-redis',
  'redis-py',
  'grpc-go',
  'grpc-java',
  'grpc-python',
  'grpc-js',
] as const;
export type CodeId = (typeof CODE_IDS)[number];

/** The comment marker of a code snippet's language. */
const marker = (language: Snippet['language']) =>
  language === 'javascript' || language === 'go' || language === 'java' ? '//' : '#';

/** The app behind nginx decides what the app-server snippet is: one reference per app. */
const APP_REFERENCES = APPS.map((a) => `target=nginx&app=${a}`);
/** Plans that between them show every variant of every code snippet (with and without TCP_USER_TIMEOUT). */
const REFERENCES = [
  'target=ssh',
  'target=postgres',
  'target=postgres&keepalive=60:10:6',
  'target=mysql',
  ...APP_REFERENCES,
  // node-redis's pingInterval comes only with a box that ignores probes; redis-py's user timeout with a plan.
  'target=redis',
  'target=redis&via=aws-alb',
  'target=redis&keepalive=60:10:6',
  'target=grpc',
];

/** Where the database host stands in a snippet: Python keyword argument or JavaScript property, JSON-quoted. */
const HOST_SLOT = /(host=|host: |forAddress\()("(?:[^"\\]|\\.)*")/g;

/** The host inside a connection string or URL: `host=H ` in a conninfo, `://H:`, `tcp(H:` or `"H:port"` in a URL, DSN or target. */
const HOST_IN_STRING = /(host=)([^ ",]+)|(:\/\/|tcp\(|")(\[[0-9A-Fa-f:.]+\]|[^:/"[\]() ]+)(?=:\d+[/"?)])/g;

/** The body with the host literal replaced by HOST (after checking it) and every run of digits by 0. */
function shape(body: readonly string[], plan: Plan, problems: Problems): string {
  const host = plan.input.dbhost;
  return body
    .join('\n')
    .replace(HOST_SLOT, (_, slot: string, literal: string) => {
      if (literal !== JSON.stringify(host) || !isSafeHost(host))
        problems.push(`host literal ${literal} is not the checked input`);
      return `${slot}HOST`;
    })
    .replace(HOST_IN_STRING, (whole: string, kw?: string, kwHost?: string, url?: string, urlHost?: string) => {
      const slot = kw ?? url ?? '';
      const literal = kwHost ?? urlHost ?? '';
      if (literal === 'HOST') return whole;
      if (literal.replace(/^\[(.*)\]$/, '$1') !== host || !isSafeHost(host))
        problems.push(`host ${literal} in a string is not the checked input`);
      return `${slot}HOST`;
    })
    .replace(/\d+/g, '0');
}

let templates: Map<CodeId, Set<string>> | undefined;

function referenceShapes(): Map<CodeId, Set<string>> {
  if (templates) return templates;
  const map = new Map<CodeId, Set<string>>();
  for (const q of REFERENCES) {
    const r = run(q);
    for (const s of r.snippets) {
      const id = CODE_IDS.find((c) => c === s.id);
      if (!id) continue;
      const ignored: Problems = [];
      const body = header(lines(s.text, ignored), marker(s.language), r.plan, ignored);
      if (!map.has(id)) map.set(id, new Set());
      map.get(id)?.add(shape(body, r.plan, ignored));
    }
  }
  templates = map;
  return map;
}

/** Expected numbers: a pattern with one captured integer, and the value the plan chose (undefined: absent). */
function numbers(id: CodeId, plan: Plan): [RegExp, number | undefined][] {
  const k = plan.values.keepalive;
  const u = plan.values.userTimeoutMs;
  const L = plan.values.poolLimit ?? -1;
  switch (id) {
    case 'code-python':
      return [
        [/TCP_KEEPIDLE, (\d+)\)/, k.idle],
        [/TCP_KEEPINTVL, (\d+)\)/, k.interval],
        [/TCP_KEEPCNT, (\d+)\)/, k.count],
        [/TCP_USER_TIMEOUT, (\d+)\)/, u],
      ];
    case 'code-node':
      return [[/setKeepAlive\(true, (\d+)\)/, k.idle * 1000]];
    case 'code-go':
      return [
        [/Idle: +(\d+) \*/, k.idle],
        [/Interval: +(\d+) \*/, k.interval],
        [/Count: +(\d+),/, k.count],
      ];
    case 'code-java':
      return [
        [/TCP_KEEPIDLE, (\d+)\)/, k.idle],
        [/TCP_KEEPINTERVAL, (\d+)\)/, k.interval],
        [/TCP_KEEPCOUNT, (\d+)\)/, k.count],
      ];
    case 'psycopg':
      return libpqPairs(plan)
        .filter((p): p is [string, number] => typeof p[1] === 'number')
        .map(([key, v]) => [new RegExp(`^    ${key}=(\\d+),$`, 'm'), v]);
    case 'pymysql':
      return [[/connect_timeout=(\d+)\)/, 10]];
    case 'sqlalchemy': {
      const pg = plan.input.target === 'postgres';
      return [
        [/pool_recycle=(\d+),/, L],
        [/"keepalives_idle": (\d+)/, pg ? k.idle : undefined],
        [/"keepalives_interval": (\d+)/, pg ? k.interval : undefined],
        [/"keepalives_count": (\d+)/, pg ? k.count : undefined],
        [/"tcp_user_timeout": (\d+)/, pg ? u : undefined],
      ];
    }
    case 'go-sql':
      return [
        [/SetConnMaxIdleTime\((\d+) \*/, L],
        [/SetConnMaxLifetime\((\d+) \*/, L],
      ];
    case 'psycopg-pool':
      return [
        [/keepalives_idle=(\d+) /, k.idle],
        [/keepalives_interval=(\d+) /, k.interval],
        [/keepalives_count=(\d+) /, k.count],
        [/tcp_user_timeout=(\d+) /, u],
        [/max_idle=(\d+),/, L],
        [/max_lifetime=(\d+),/, L],
      ];
    case 'node-postgres':
      // pg-pool's own 10 s idle timeout already sits below most limits: the snippet never raises it.
      return [
        [/keepAliveInitialDelayMillis: (\d+),/, k.idle * 1000],
        [/idleTimeoutMillis: (\d+),/, Math.min(10, L) * 1000],
        [/maxLifetimeSeconds: (\d+),/, L],
      ];
    case 'pgx': {
      // The health check's period (a tenth of the limit, 1 s to 1 min) plus the idle time is the limit;
      // the idle time stays at least 1 s (0 turns it off).
      const health = Math.min(60, Math.max(1, Math.ceil(L / 10)));
      return [
        [/pool_max_conn_lifetime=(\d+)s/, L],
        [/pool_max_conn_idle_time=(\d+)s/, Math.max(1, L - health)],
        [/pool_health_check_period=(\d+)s/, health],
      ];
    }
    case 'mysql2-pool':
      // mysql2's own 60 s idle timeout is never raised.
      return [
        [/keepAliveInitialDelay: (\d+),/, k.idle * 1000],
        [/idleTimeout: (\d+),/, Math.min(60, L) * 1000],
        [/connectionLimit: (\d+),/, 10],
        [/maxIdle: (\d+),/, 9],
      ];
    case 'ioredis':
      return [[/keepAlive: (\d+),/, k.idle * 1000]];
    case 'node-redis':
      // node-redis's own 5 s initial delay is kept; the PING interval in ms, only with a box that ignores probes.
      return [
        [/keepAliveInitialDelay: (\d+),/, 5000],
        [/pingInterval: (\d+),/, plan.values.redisPing === undefined ? undefined : plan.values.redisPing * 1000],
      ];
    case 'redis-py':
      return [
        [/TCP_KEEPIDLE: (\d+),/, k.idle],
        [/TCP_KEEPINTVL: (\d+),/, k.interval],
        [/TCP_KEEPCNT: (\d+),/, k.count],
        [/TCP_USER_TIMEOUT: (\d+),/, u],
        [/health_check_interval=(\d+),/, plan.values.redisHealthCheck],
      ];
    case 'grpc-go':
    case 'grpc-java':
    case 'grpc-python':
    case 'grpc-js': {
      // The client's time (s or ms), the server's minimum where the library has one, and the 20 s timeout.
      const t = plan.values.grpcTime;
      const m = plan.values.grpcMinPing;
      const ms = (v: number | undefined) => (v === undefined ? undefined : v * 1000);
      const want: Record<string, [RegExp, number | undefined][]> = {
        'grpc-go': [
          [/\tTime: +(\d+) \* time\.Second/, t],
          [/MinTime: +(\d+) \*/, m],
          [/\tTimeout: +(\d+) \*/, 20],
        ],
        'grpc-java': [
          [/keepAliveTime\((\d+), /, t],
          [/permitKeepAliveTime\((\d+), /, m],
          [/keepAliveTimeout\((\d+), /, 20],
        ],
        'grpc-python': [
          [/"grpc\.keepalive_time_ms", (\d+)\)/, ms(t)],
          [/"grpc\.http2\.min_ping_interval_without_data_ms", (\d+)\)/, ms(m)],
          [/"grpc\.keepalive_timeout_ms", (\d+)\)/, 20000],
        ],
        'grpc-js': [
          [/"grpc\.keepalive_time_ms": (\d+),/, ms(t)],
          [/"grpc\.keepalive_timeout_ms": (\d+),/, 20000],
        ],
      };
      return want[id] ?? [];
    }
    case 'app-server': {
      const a = plan.values.appKeepalive;
      const pattern: Record<string, RegExp> = {
        node: /keepAliveTimeout = (\d+);/,
        gunicorn: /^keepalive = (\d+)$/m,
        uvicorn: /--timeout-keep-alive (\d+)$/m,
        go: /IdleTimeout: (\d+) \*/,
        tomcat: /keep-alive-timeout=(\d+)s/,
        puma: /^persistent_timeout (\d+)$/m,
        apache: /^KeepAliveTimeout (\d+)$/m,
      };
      const app = plan.input.app;
      const extra: [RegExp, number | undefined][] =
        app === 'node' && a !== undefined ? [[/headersTimeout = (\d+);/, (a + 1) * 1000]] : [];
      return app === undefined
        ? []
        : [[pattern[app] ?? /$^/, app === 'node' && a !== undefined ? a * 1000 : a], ...extra];
    }
    default:
      return id satisfies never;
  }
}

export function checkCode(text: string, plan: Plan, id: CodeId, language: Snippet['language']): Problems {
  const problems: Problems = [];
  const body = header(lines(text, problems, true), marker(language), plan, problems);
  const s = shape(body, plan, problems);
  if (!referenceShapes().get(id)?.has(s))
    problems.push(`${id}: the code differs from the reference template beyond digits`);
  const joined = body.join('\n');
  for (const [re, want] of numbers(id, plan)) {
    const got = re.exec(joined)?.[1];
    if (want === undefined ? got !== undefined : got !== String(want))
      problems.push(`${id}: ${re.source} is ${got}, the plan chose ${want}`);
  }
  if (language === 'python') {
    // A "coding:" comment in the first two lines would change how Python decodes the file (PEP 263).
    if (/coding[:=]/.test(text.split('\n').slice(0, 2).join('\n'))) problems.push('a PEP 263 coding declaration');
  }
  return problems;
}
