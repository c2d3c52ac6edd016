/**
 * Every closed option set of the engine, declared once as an `as const` list.
 * The TypeScript types and the zod enums are derived from these lists, so a value
 * added here is known everywhere (DESIGN.md, house style 2).
 */

export const TARGETS = ['ssh', 'postgres', 'mysql', 'nginx', 'elasticsearch', 'redis', 'grpc'] as const;
export type TargetId = (typeof TARGETS)[number];

export const TARGET_LABELS = {
  ssh: 'SSH',
  postgres: 'PostgreSQL',
  mysql: 'MySQL / MariaDB',
  nginx: 'nginx upstream',
  elasticsearch: 'Elasticsearch',
  redis: 'Redis',
  grpc: 'gRPC',
} as const satisfies Record<TargetId, string>;

/** Server flavours and versions whose option sets differ (FACTS.md section 5). */
export const MYSQL_VERSIONS = [
  'mariadb-10.6',
  'mariadb-10.11',
  'mariadb-11.4',
  'mariadb-11.8',
  'mysql-8.0',
  'mysql-8.4',
  'mysql-9',
] as const;
export type MysqlVersion = (typeof MYSQL_VERSIONS)[number];

/** PostgreSQL majors still met in the field; tcp_user_timeout needs 12, client_connection_check_interval 14. */
export const POSTGRES_VERSIONS = [11, 12, 13, 14, 15, 16, 17, 18] as const;
export type PostgresVersion = (typeof POSTGRES_VERSIONS)[number];

/**
 * Elasticsearch releases whose settings differ: the per-socket network.tcp.keep_idle, keep_interval and
 * keep_count arrived in 7.4.0 (lib/targets/elasticsearch.ts says from which source), and a node refuses a
 * setting it does not know, so every 7.x minor is listed; 8 and 9 know them all.
 */
export const ELASTICSEARCH_VERSIONS = [
  '7.0',
  '7.1',
  '7.2',
  '7.3',
  '7.4',
  '7.5',
  '7.6',
  '7.7',
  '7.8',
  '7.9',
  '7.10',
  '7.11',
  '7.12',
  '7.13',
  '7.14',
  '7.15',
  '7.16',
  '7.17',
  '8',
  '9',
] as const;
export type ElasticsearchVersion = (typeof ELASTICSEARCH_VERSIONS)[number];

/**
 * What the nginx snippet is (query key `nginx_form`): `merge`, the default, is lines for the user's own
 * upstream, server and location blocks; `site` is a whole new site for conf.d, only when asked for.
 */
export const NGINX_FORMS = ['merge', 'site'] as const;
export type NginxForm = (typeof NGINX_FORMS)[number];

/**
 * The application server behind nginx (query key `app`, nginx target): its own keep-alive idle timeout
 * decides which side closes a pooled upstream connection first (lib/targets/apps.ts).
 */
export const APPS = ['node', 'gunicorn', 'uvicorn', 'go', 'tomcat', 'puma', 'apache'] as const;
export type AppId = (typeof APPS)[number];

export const APP_LABELS = {
  node: 'Node.js (http.Server)',
  gunicorn: 'gunicorn',
  uvicorn: 'uvicorn',
  go: 'Go (net/http)',
  tomcat: 'Tomcat',
  puma: 'Puma',
  apache: 'Apache httpd',
} as const satisfies Record<AppId, string>;

/**
 * Config-management outputs (query key `manage`, CLI `--format`): each is also a snippet id, built in
 * lib/manage/ from the snippets the plan renders. Listed here so the page's control needs no engine code.
 */
export const MANAGE_KINDS = ['ansible', 'cloud-init', 'terraform-aks'] as const;
export type ManageKind = (typeof MANAGE_KINDS)[number];

export const MANAGE_LABELS = {
  ansible: 'Ansible',
  'cloud-init': 'cloud-init',
  'terraform-aks': 'Terraform (AKS)',
} as const satisfies Record<ManageKind, string>;

/** Output formats of the CLI. */
export const FORMATS = ['text', 'json', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/** Snippet languages: each has one serializer-side grammar and one highlighting grammar. */
export const LANGUAGES = [
  'ini',
  'ssh-config',
  'nginx',
  'yaml',
  'shellscript',
  'python',
  'javascript',
  'go',
  'java',
  'properties',
  'hcl',
  'apache',
  'ruby',
] as const;
export type Language = (typeof LANGUAGES)[number];

/** Stable names of the layers that can detect a dead peer. */
export const LAYERS = [
  'linux',
  'ssh-client',
  'ssh-server',
  'postgres-server',
  'libpq',
  'pgbouncer',
  'mysql-server',
  'nginx-upstream',
  'nginx-client',
  'elasticsearch-transport',
  'mysql2',
  'pool',
  'redis-server',
  'redis-client',
  'grpc-client',
  'grpc-server',
  'code-python',
  'code-node',
  'code-go',
  'code-java',
] as const;
export type LayerId = (typeof LAYERS)[number];

/**
 * Every snippet id, in no particular order (page order is each target's): the public names of the
 * cards, the runbook sections and the CLI's JSON. lib/filter.ts says what each configures.
 */
export const SNIPPET_IDS = [
  // lib/targets/ssh.ts
  'ssh-config',
  'sshd-config',
  // lib/targets/postgres.ts
  'postgresql-conf',
  'libpq',
  'psycopg',
  'pgbouncer-ini',
  'jdbc',
  // lib/targets/mysql.ts
  'my-cnf',
  'connector-j',
  'pymysql',
  // lib/targets/pools.ts
  'hikaricp',
  'sqlalchemy',
  'go-sql',
  'psycopg-pool',
  'node-postgres',
  'pgx',
  'mysql2-pool',
  // lib/targets/nginx.ts
  'nginx-conf',
  'app-server',
  // lib/targets/elasticsearch.ts
  'elasticsearch-yml',
  // lib/targets/redis.ts
  'redis-conf',
  'ioredis',
  'node-redis',
  'redis-py',
  // lib/targets/grpc.ts
  'grpc-go',
  'grpc-java',
  'grpc-python',
  'grpc-js',
  // lib/render/common.ts
  'sysctl',
  'docker',
  'compose',
  'kubernetes',
  'verify',
  // lib/render/code.ts
  'code-python',
  'code-node',
  'code-go',
  'code-java',
  // lib/manage/
  'ansible',
  'cloud-init',
  'terraform-aks',
] as const;
export type SnippetId = (typeof SNIPPET_IDS)[number];

/** Whether a name is a snippet id (a warning's concern is a snippet or an input field). */
export const isSnippetId = (name: string): name is SnippetId => (SNIPPET_IDS as readonly string[]).includes(name);
