/**
 * Oracle MySQL is not installable here: my.cnf for mysql-8.x/9 is checked by name. MySQL has no
 * keepalive variables at all (FACTS.md section 5), and reads neither [mariadb*] nor [client-server].
 */
export const MARIADB_ONLY_VARIABLES: ReadonlySet<string> = new Set([
  'tcp_keepalive_time',
  'tcp_keepalive_interval',
  'tcp_keepalive_probes',
  'tcp-keepalive-time',
  'tcp-keepalive-interval',
  'tcp-keepalive-probes',
]);

/** Groups Oracle MySQL programs read (mysqld, the mysql client, every client, mysqldump). */
export const MYSQL_GROUPS: ReadonlySet<string> = new Set(['mysqld', 'mysql', 'client', 'mysqldump', 'mysqladmin']);

/** MySQL 8 server variables the engine may set (sql/sys_vars.cc), and the mysql client's timeout option. */
export const MYSQL8_SERVER_VARIABLES: ReadonlySet<string> = new Set([
  'wait_timeout',
  'interactive_timeout',
  'net_read_timeout',
  'net_write_timeout',
  'connect_timeout',
]);
export const MYSQL8_CLIENT_OPTIONS: ReadonlySet<string> = new Set(['connect_timeout', 'connect-timeout']);

export interface IniEntry {
  readonly group: string;
  readonly key: string;
  readonly value: string;
}

/** Option-file lines: `[group]`, `key = value`, `key`; `#`/`;` comments. */
export function parseOptionFile(text: string): IniEntry[] {
  const entries: IniEntry[] = [];
  let group = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const g = /^\[([^\]]+)\]$/.exec(line);
    if (g?.[1]) {
      group = g[1].trim();
      continue;
    }
    const m = /^([^=\s]+)\s*(?:=\s*(.*))?$/.exec(line);
    if (m?.[1]) entries.push({ group, key: m[1], value: (m[2] ?? '').trim() });
  }
  return entries;
}

/** Problems Oracle MySQL would have with the file: MariaDB-only names, groups it ignores, unknown names. */
export function mysql8Problems(text: string): string[] {
  const problems: string[] = [];
  for (const e of parseOptionFile(text)) {
    if (!MYSQL_GROUPS.has(e.group)) problems.push(`[${e.group}] is not read by Oracle MySQL`);
    if (MARIADB_ONLY_VARIABLES.has(e.key)) problems.push(`${e.key} is MariaDB-only`);
    else if (e.group === 'mysqld' && !MYSQL8_SERVER_VARIABLES.has(e.key))
      problems.push(`[mysqld] ${e.key} is not a known MySQL 8 variable here`);
    else if (e.group === 'client')
      problems.push(`[client] ${e.key}: every client reads [client] and mysqldump has no such option`);
    else if (e.group !== 'mysqld' && !MYSQL8_CLIENT_OPTIONS.has(e.key))
      problems.push(`[${e.group}] ${e.key} is not a mysql client option`);
  }
  return problems;
}
