/**
 * What the user runs, and so which snippets they see: which end of the connection (the one that
 * connects, the one that accepts), containers or not, and which languages their code is in. One
 * table says what each snippet configures; the query keys `side`, `containers` and `lang`
 * (lib/schema.ts) choose; render() and so the page and the runbook show only what the choice keeps.
 */
import { isSnippetId, type SnippetId } from './catalog';
import type { Concern, Input, Snippet } from './types';

/** The end of the connection a snippet configures: the host that opens it, or the one that accepts it. */
export const SIDES = ['client', 'server'] as const;
export type Side = (typeof SIDES)[number];

export const SIDE_LABELS = {
  client: 'the end that connects (client)',
  server: 'the end that accepts (server)',
} as const satisfies Record<Side, string>;

/** Languages with per-socket or driver code among the snippets (lib/render/code.ts and the targets). */
export const CODE_LANGUAGES = ['python', 'node', 'go', 'java'] as const;
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];

export const CODE_LANGUAGE_LABELS = {
  python: 'Python',
  node: 'Node.js',
  go: 'Go',
  java: 'Java',
} as const satisfies Record<CodeLanguage, string>;

/** The query value for "none of these languages": an empty value is the same as no key in a form. */
export const NO_LANGUAGE = 'none';

export interface SnippetKind {
  /** The ends whose host or program the snippet configures. */
  readonly sides: readonly Side[];
  /** A container's own settings (docker, compose, Kubernetes): shown only to users of containers. */
  readonly container: boolean;
  /** Code or a driver's options in this language: shown only when the language is chosen. */
  readonly language: CodeLanguage | undefined;
}

const both: readonly Side[] = ['client', 'server'];
const kind = (sides: readonly Side[], language?: CodeLanguage, container = false): SnippetKind => ({
  sides,
  container,
  language,
});

/**
 * Every snippet id, by what it configures, read from where each is made. Ends: for ssh the client
 * is ssh and the server sshd; for the databases the client is the program that connects (libpq,
 * the drivers), the server the daemon; nginx dials its upstream, so its conf is the connecting end;
 * pgbouncer accepts the applications' connections (and dials the server), so it counts as both;
 * my.cnf holds [mysqld] and [client] groups, so both; Elasticsearch nodes connect to each other.
 * The kernel sysctl, the container forms, the per-socket code and the checks apply on either end.
 */
export const SNIPPET_KINDS: Readonly<Record<SnippetId, SnippetKind>> = {
  // lib/targets/ssh.ts
  'ssh-config': kind(['client']),
  'sshd-config': kind(['server']),
  // lib/targets/postgres.ts
  'postgresql-conf': kind(['server']),
  libpq: kind(['client']),
  psycopg: kind(['client'], 'python'),
  'pgbouncer-ini': kind(both),
  jdbc: kind(['client'], 'java'),
  // lib/targets/mysql.ts
  'my-cnf': kind(both),
  'connector-j': kind(['client'], 'java'),
  pymysql: kind(['client'], 'python'),
  // lib/targets/pools.ts: the pools live in the applications that connect.
  hikaricp: kind(['client'], 'java'),
  sqlalchemy: kind(['client'], 'python'),
  'go-sql': kind(['client'], 'go'),
  'psycopg-pool': kind(['client'], 'python'),
  'node-postgres': kind(['client'], 'node'),
  pgx: kind(['client'], 'go'),
  'mysql2-pool': kind(['client'], 'node'),
  // lib/targets/nginx.ts; the app server behind nginx accepts nginx's connections.
  'nginx-conf': kind(['client']),
  'app-server': kind(['server']),
  // lib/targets/elasticsearch.ts
  'elasticsearch-yml': kind(both),
  // lib/targets/redis.ts: the server's redis.conf, the clients' code.
  'redis-conf': kind(['server']),
  ioredis: kind(['client'], 'node'),
  'node-redis': kind(['client'], 'node'),
  'redis-py': kind(['client'], 'python'),
  // lib/targets/grpc.ts: each snippet holds the client's and the server's part.
  'grpc-go': kind(both, 'go'),
  'grpc-java': kind(both, 'java'),
  'grpc-python': kind(both, 'python'),
  'grpc-js': kind(both, 'node'),
  // lib/render/common.ts
  sysctl: kind(both),
  docker: kind(both, undefined, true),
  compose: kind(both, undefined, true),
  kubernetes: kind(both, undefined, true),
  verify: kind(both),
  // lib/render/code.ts
  'code-python': kind(both, 'python'),
  'code-node': kind(both, 'node'),
  'code-go': kind(both, 'go'),
  'code-java': kind(both, 'java'),
  // lib/manage/: asked for by `manage`, built from the snippets the filter keeps.
  ansible: kind(both),
  'cloud-init': kind(both),
  'terraform-aks': kind(both),
};

/** The part of the input that filters: the defaults show everything. */
export type Filter = Pick<Input, 'side' | 'containers' | 'lang'>;

/** Whether the filter shows everything (the default). */
export const showsAll = (f: Filter): boolean =>
  f.side === undefined && f.containers && f.lang.length === CODE_LANGUAGES.length;

/**
 * Whether a snippet is shown: the table has every id (the compiler checks it). A warning's concern that
 * is an input field, not a snippet, is always shown.
 */
export function isShown(f: Filter, id: SnippetId | Concern): boolean {
  if (!isSnippetId(id)) return true;
  const k = SNIPPET_KINDS[id];
  if (f.side !== undefined && !k.sides.includes(f.side)) return false;
  if (k.container && !f.containers) return false;
  return k.language === undefined || f.lang.includes(k.language);
}

/** The snippets the filter keeps, in their order. */
export function applyFilter(f: Filter, snippets: readonly Snippet[]): Snippet[] {
  return snippets.filter((s) => isShown(f, s.id));
}

/** One sentence saying what the filter leaves out, for the runbook; undefined when it shows everything. */
export function filterText(f: Filter): string | undefined {
  if (showsAll(f)) return undefined;
  const parts: string[] = [];
  if (f.side !== undefined) parts.push(`only ${SIDE_LABELS[f.side]}`);
  if (!f.containers) parts.push('no container settings');
  if (f.lang.length < CODE_LANGUAGES.length)
    parts.push(
      f.lang.length === 0 ? 'no code' : `code in ${f.lang.map((l) => CODE_LANGUAGE_LABELS[l]).join(', ')} only`,
    );
  return `Shown: ${parts.join('; ')}.`;
}
