/**
 * Which of a plan's snippets are files on a host, where each goes, and how a config-management tool
 * puts it there: a whole drop-in file, keys merged into an existing ini-style file, or a marked
 * block in another file; and what each daemon needs to read it. The values are read back from the
 * snippets themselves, so a managed file never says anything the page's snippet does not.
 */
import type { Plan, Snippet } from '../types';

/** What a daemon needs after its file changed. */
export type Reload =
  /** `systemctl reload UNIT` after `check` (argv) accepts the whole configuration. */
  | { readonly kind: 'reload'; readonly unit: string; readonly check: readonly string[] | undefined }
  /** Read at start only: restart UNIT when it suits (a database, a cluster node). */
  | { readonly kind: 'restart'; readonly unit: string; readonly why: string }
  /** Read by each new process: nothing to do. */
  | { readonly kind: 'none'; readonly why: string };

export interface IniEntry {
  readonly section: string | undefined;
  readonly key: string;
  readonly value: string;
}

interface Common {
  readonly snippet: Snippet;
  readonly path: string;
  /** Owner and group, mode: a whole file gets its own, a merged file keeps the daemon's (Debian 12's, checked with ls -l). */
  readonly owner: string;
  readonly mode: string;
  readonly reload: Reload;
}

export type ManagedFile =
  | (Common & { readonly kind: 'whole' })
  | (Common & { readonly kind: 'ini'; readonly entries: readonly IniEntry[]; readonly appendNote: string })
  | (Common & { readonly kind: 'block'; readonly appendNote: string });

/** A file snippet no tool can place: lines for blocks inside a file the page does not know. */
export interface Manual {
  readonly snippet: Snippet;
  readonly why: string;
}

/**
 * nginx's merge form (the default) is lines for the user's own upstream, server and location blocks, in
 * whichever file holds them: config management cannot place them, so only the new-site form
 * (nginx_form=site), a whole conf.d file, is managed.
 */
const NGINX_MERGE_NOTE =
  'nginx-conf, lines for your own nginx blocks in a file no tool knows: add them by hand, then nginx -t and reload (nginx_form=site gives a managed conf.d file)';

/** The kernel settings: keys and values of the `sysctl` snippet, and its sysctl.d file. */
export interface Kernel {
  readonly snippet: Snippet;
  readonly path: string;
  readonly entries: readonly IniEntry[];
}

/** The body of a snippet: what follows the header and its blank line (lib/render/snippet.ts). */
export function bodyOf(s: Snippet): string {
  const cut = s.text.indexOf('\n\n');
  if (cut < 0) throw new Error(`${s.id}: no header`);
  return s.text.slice(cut + 2);
}

/** `key = value` lines and `[section]` heads of a KEY_EQUALS snippet (lib/render/lines.ts); comments and blanks skipped. */
export function iniEntries(s: Snippet): IniEntry[] {
  const out: IniEntry[] = [];
  let section: string | undefined;
  for (const line of bodyOf(s).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const head = /^\[([A-Za-z0-9_.-]+)\]$/.exec(line);
    if (head) {
      section = head[1];
      continue;
    }
    const kv = /^([A-Za-z0-9_.]+) = ([A-Za-z0-9_.:/-]+)$/.exec(line);
    if (!kv) throw new Error(`${s.id}: not a key = value line: ${JSON.stringify(line)}`);
    out.push({ section, key: kv[1]!, value: kv[2]! });
  }
  return out;
}

const firstPath = (s: Snippet): string => {
  const p = s.destination.split(' ')[0] ?? '';
  if (!/^\/[A-Za-z0-9_./-]+$/.test(p))
    throw new Error(`${s.id}: destination is not a path: ${JSON.stringify(s.destination)}`);
  return p;
};

const ROOT_FILE = { owner: 'root:root', mode: '0644' } as const;

/**
 * How each file snippet is managed; the paths are Debian 12's (the project's reference system):
 * ssh_config and sshd_config include their .d/*.conf at the top (/etc/ssh/ssh_config line 19,
 * sshd_config line 12), postgresql.conf lives in /etc/postgresql/VERSION/main/, pgbouncer.ini in
 * /etc/pgbouncer/ with [pgbouncer] as its last section; the units are ssh, postgresql (its reload
 * propagates to every cluster: postgresql@.service ReloadPropagatedFrom), pgbouncer (HUP), nginx.
 */
const FILES: Record<string, (s: Snippet, plan: Plan) => ManagedFile> = {
  // ssh reads its files at every start: nothing to reload.
  'ssh-config': (s) => ({
    kind: 'whole',
    snippet: s,
    path: '/etc/ssh/ssh_config.d/10-keepalive.conf',
    ...ROOT_FILE,
    reload: { kind: 'none', why: 'ssh reads it at every start' },
  }),
  // sshd -t checks the whole configuration with the drop-in; ExecReload of ssh.service runs it too.
  'sshd-config': (s) => ({
    kind: 'whole',
    snippet: s,
    path: firstPath(s),
    ...ROOT_FILE,
    reload: { kind: 'reload', unit: 'ssh', check: ['sshd', '-t'] },
  }),
  'postgresql-conf': (s, plan) => ({
    kind: 'ini',
    snippet: s,
    path: `/etc/postgresql/${plan.input.postgres}/main/postgresql.conf`,
    owner: 'postgres:postgres',
    mode: '0644',
    entries: iniEntries(s),
    // PostgreSQL docs, config-setting: of several entries for one parameter all but the last are ignored.
    appendNote: 'appended: postgresql.conf has no sections and its last value of a setting wins',
    // tcp_keepalives_* and tcp_user_timeout are sighup settings: a reload applies them to new connections.
    reload: { kind: 'reload', unit: 'postgresql', check: undefined },
  }),
  'pgbouncer-ini': (s) => ({
    kind: 'ini',
    snippet: s,
    path: '/etc/pgbouncer/pgbouncer.ini',
    owner: 'postgres:postgres',
    mode: '0640',
    // The snippet holds the keys of [pgbouncer] without its head (a second [pgbouncer] section discards the
    // first: the snippet's own note), so the section is named here: ini_file merges into section pgbouncer,
    // cloud-init appends the keys with no head. Appended keys override earlier ones in that section
    // (measured on pgbouncer 1.18: tests/real/manage.test.ts).
    entries: iniEntries(s).map((e) => ({ ...e, section: 'pgbouncer' })),
    appendNote: "appended without a section head: pgbouncer.ini must end in its [pgbouncer] section (Debian's does)",
    reload: { kind: 'reload', unit: 'pgbouncer', check: undefined },
  }),
  // Option files are read when mariadbd or mysqld starts (FACTS.md section 5 names no reload).
  'my-cnf': (s, plan) => ({
    kind: 'whole',
    snippet: s,
    path: firstPath(s),
    ...ROOT_FILE,
    reload: {
      kind: 'restart',
      unit: plan.input.mysql.startsWith('mariadb-') ? 'mariadb' : 'mysql',
      why: 'it reads option files only when it starts',
    },
  }),
  // The new-site form only (nginx_form=site): a whole file in conf.d, which Debian's nginx.conf includes in http {}.
  'nginx-conf': (s) => ({
    kind: 'whole',
    snippet: s,
    path: firstPath(s),
    ...ROOT_FILE,
    reload: { kind: 'reload', unit: 'nginx', check: ['nginx', '-t'] },
  }),
  // Debian's /etc/redis/redis.conf (redis:redis 0640) already says tcp-keepalive 300: Redis reads the file top to
  // bottom and the last line of an option wins (tests/real/redis.test.ts appends to Debian's file), so a marked block
  // at the end. Read at start; CONFIG SET tcp-keepalive applies it to new connections without one.
  'redis-conf': (s) => ({
    kind: 'block',
    snippet: s,
    path: '/etc/redis/redis.conf',
    owner: 'redis:redis',
    mode: '0640',
    appendNote: 'appended: the last tcp-keepalive line of redis.conf wins',
    reload: {
      kind: 'restart',
      unit: 'redis-server',
      why: 'it reads redis.conf when it starts (CONFIG SET tcp-keepalive changes it live)',
    },
  }),
  // Static node settings (FACTS.md section 7): a rolling restart, node by node. The deb and rpm packages keep
  // the file in /etc/elasticsearch, root:elasticsearch 0660, and the node refuses a key given twice
  // (*uncertain*: Elasticsearch cannot run here to check either). A YAML file gets a marked block, not keys merged one by one.
  'elasticsearch-yml': (s) => ({
    kind: 'block',
    snippet: s,
    path: '/etc/elasticsearch/elasticsearch.yml',
    owner: 'root:elasticsearch',
    mode: '0660',
    appendNote: 'appended: elasticsearch.yml must not set these keys already (a key given twice stops the node)',
    reload: { kind: 'restart', unit: 'elasticsearch', why: 'static node settings, one node at a time' },
  }),
};

/** The plan's file snippets as managed files, the kernel part, and the snippets left out. */
export function managedFiles(
  plan: Plan,
  snippets: readonly Snippet[],
): { kernel: Kernel | undefined; files: ManagedFile[]; left: Snippet[]; manual: Manual[] } {
  let kernel: Kernel | undefined;
  const files: ManagedFile[] = [];
  const left: Snippet[] = [];
  const manual: Manual[] = [];
  for (const s of snippets) {
    if (s.id === 'sysctl') kernel = { snippet: s, path: firstPath(s), entries: iniEntries(s) };
    else if (s.id === 'nginx-conf' && plan.input.nginx_form === 'merge')
      manual.push({ snippet: s, why: NGINX_MERGE_NOTE });
    else if (FILES[s.id]) files.push(FILES[s.id]!(s, plan));
    else left.push(s);
  }
  return { kernel, files, left, manual };
}

/** Register and tag names: `keepalive_` and the snippet id in snake case. */
export const varName = (f: { snippet: Snippet }): string => `keepalive_${f.snippet.id.replace(/-/g, '_')}`;
