// Config-management snippets against the real tools (issue 14): ansible-playbook --syntax-check for every
// distinct Ansible snippet, then the plays run for real (check mode first, then twice) in temp roots inside a
// fresh network namespace, the merged files read back by postgres -C, pgbouncer and a YAML parser;
// `cloud-init schema` for every cloud-init snippet, its appends replayed onto Debian's files; the AKS block
// parsed with hcl2json. Each tool also refuses a deliberately broken snippet.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseDocument, stringify } from 'yaml';
import { TARGETS } from '../../lib/catalog';
import { clampToAks } from '../../lib/manage/terraform';
import type { Plan, Snippet } from '../../lib/types';
import { checkElasticsearchYml } from './harness/es-registry';
import { run } from '../../lib/engine';
import { casesFor, distinctSnippets, label, type Case } from './harness/engine';
import { record } from './harness/results';
import { describe as why, exec } from './harness/exec';
import { normalise } from './harness/pg-settings';
import { runPgbouncer } from './harness/pgbouncer';
import { postgresC } from './harness/postgres';
import { sparePort } from './harness/ports';
import { cleanupTempDirs, tempDir } from './harness/tmp';

const MANAGE = 'manage=ansible,cloud-init,terraform-aks';
const cases: Case[] = TARGETS.flatMap((t) => [...casesFor(t, MANAGE)]);
const snippetOf = (c: Case, id: string): Snippet | undefined => c.result.snippets.find((s) => s.id === id);

afterAll(() => cleanupTempDirs());

const ANSIBLE_ENV = (home: string): NodeJS.ProcessEnv => ({
  ...process.env,
  ANSIBLE_HOME: home,
  ANSIBLE_LOCAL_TEMP: join(home, 'tmp'),
  ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
  ANSIBLE_LOCALHOST_WARNING: 'false',
  ANSIBLE_INVENTORY_UNPARSED_WARNING: 'false',
  ANSIBLE_NOCOLOR: '1',
  ANSIBLE_RETRY_FILES_ENABLED: 'false',
});

type Task = Record<string, unknown>;
const play = (name: string, tasks: readonly unknown[]) => ({
  name,
  hosts: 'localhost',
  connection: 'local',
  gather_facts: false,
  tasks,
});

async function syntaxCheck(plays: readonly unknown[]): Promise<{ code: number | null; out: string }> {
  const dir = tempDir('ansible-syntax');
  const file = join(dir, 'play.yml');
  writeFileSync(file, stringify(plays));
  const r = await exec('ansible-playbook', ['--syntax-check', '-i', 'localhost,', file], {
    env: ANSIBLE_ENV(dir),
    timeoutMs: 120_000,
  });
  return { code: r.code, out: why(r) };
}

describe('ansible-playbook --syntax-check', () => {
  const distinct = distinctSnippets('ansible', cases);
  it('has generated Ansible snippets for every target', () => {
    expect(distinct.length).toBeGreaterThan(40);
    expect(new Set(distinct.map((d) => d.cases[0]?.result.input.target))).toEqual(new Set(TARGETS));
  });

  it(`accepts every distinct Ansible snippet (${distinct.length}) as the tasks of a play`, async () => {
    const plays = distinct.map((d, i) => play(`${i} ${label(d)}`, parse(d.snippet.text) as unknown[]));
    const r = await syntaxCheck(plays);
    for (const d of distinct)
      record({ daemon: 'Ansible', kind: 'generated', label: label(d), accepted: r.code === 0, readBack: null });
    expect(r.code, r.out).toBe(0);
  });

  it('refuses a broken snippet: a misspelled module, and a task that is not a list item', async () => {
    const text = distinct[0]!.snippet.text;
    const misspelled = await syntaxCheck([
      play('broken', parse(text.replace('ansible.posix.sysctl:', 'ansible.posix.sysctll:')) as unknown[]),
    ]);
    record({
      daemon: 'Ansible',
      kind: 'broken',
      label: 'a misspelled module',
      accepted: misspelled.code === 0,
      readBack: null,
    });
    expect(misspelled.code).not.toBe(0);
    expect(misspelled.out).toMatch(/sysctll/);
    const twoModules = parse(text) as Task[];
    twoModules[0] = { ...twoModules[0], 'ansible.builtin.copy': { dest: '/x', content: 'x' } };
    const conflict = await syntaxCheck([play('broken', twoModules)]);
    record({
      daemon: 'Ansible',
      kind: 'broken',
      label: 'two modules in one task',
      accepted: conflict.code === 0,
      readBack: null,
    });
    expect(conflict.code).not.toBe(0);
  });
});

/** Queries whose plays run for real: every target, its file variants and a few boxes. */
const RUN_QUERIES = [
  'target=ssh',
  'target=ssh&via=aws-natgw',
  'target=ssh&openssh=9.5&alive=15:3&host=*.internal !bastion.internal',
  'target=postgres',
  'target=postgres&postgres=11',
  'target=postgres&postgres=13&via=aws-alb',
  'target=postgres&postgres=18&keepalive=60:10:3&user_timeout=1',
  'target=mysql',
  'target=mysql&mysql=mysql-8.4',
  'target=mysql&via=azure-lb',
  'target=nginx',
  'target=nginx&nginx=1.16&idle=30',
  'target=nginx&nginx=1.29.7',
  // The new-site form is the one managed as a whole conf.d file (the merge form is left to the user).
  'target=nginx&nginx_form=site',
  'target=nginx&nginx_form=site&nginx=1.16&idle=30',
  'target=elasticsearch',
  'target=elasticsearch&via=gcp-proxy-nlb',
  'target=elasticsearch&keepalive=600:400:3',
];

/** Debian's postgresql.conf without the lines that point at the system cluster (postgres -C then needs only this file). */
function postgresqlFixture(): string {
  return readFileSync('/etc/postgresql/15/main/postgresql.conf', 'utf8')
    .split('\n')
    .filter(
      (l) =>
        !/^(data_directory|hba_file|ident_file|external_pid_file|include_dir|ssl_cert_file|ssl_key_file)\b/.test(l),
    )
    .join('\n');
}

/** Debian's pgbouncer.ini without the keys the harness sets to run it on a spare port (harness/pgbouncer.ts). */
function pgbouncerFixture(): string {
  return readFileSync('/etc/pgbouncer/pgbouncer.ini', 'utf8')
    .split('\n')
    .filter((l) => !/^(logfile|pidfile|listen_addr|listen_port|unix_socket_dir|auth_type|auth_file)\b/.test(l))
    .join('\n');
}

/** What the deb package's elasticsearch.yml sets (the rest of it is comments). */
const ES_FIXTURE =
  '# Elasticsearch node configuration\npath.data: /var/lib/elasticsearch\npath.logs: /var/log/elasticsearch';

/** The files each plan's merged tasks need to find already there, as the daemon's package leaves them. */
function fixtures(plan: Plan): Record<string, string> {
  switch (plan.input.target) {
    case 'postgres':
      return {
        [`/etc/postgresql/${plan.input.postgres}/main/postgresql.conf`]: postgresqlFixture(),
        '/etc/pgbouncer/pgbouncer.ini': pgbouncerFixture(),
      };
    case 'elasticsearch':
      return { '/etc/elasticsearch/elasticsearch.yml': ES_FIXTURE };
    default:
      return {};
  }
}

const PATH_KEYS: readonly (readonly [string, string])[] = [
  ['ansible.posix.sysctl', 'sysctl_file'],
  ['ansible.builtin.copy', 'dest'],
  ['community.general.ini_file', 'path'],
  ['ansible.builtin.blockinfile', 'path'],
];

/** The snippet's tasks with every path under `root`; nothing else changes. */
function rooted(text: string, root: string): Task[] {
  const tasks = parse(text) as Task[];
  for (const t of tasks) {
    for (const [mod, key] of PATH_KEYS) {
      const args = t[mod] as Record<string, string> | undefined;
      if (args) args[key] = root + args[key];
    }
  }
  return tasks;
}

const KERNEL_KEYS = ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];
/** A fresh namespace's keepalive values, the kernel's compiled-in defaults (FACTS.md section 1). */
const LINUX_DEFAULTS = [7200, 75, 9];
const kernelOf = (plan: Plan) =>
  [plan.values.keepalive.idle, plan.values.keepalive.interval, plan.values.keepalive.count].map(String);

interface Run {
  readonly query: string;
  readonly plan: Plan;
  readonly root: string;
  readonly snippets: readonly Snippet[];
}

interface TaskResult {
  readonly name: string;
  readonly changed: boolean;
  readonly failed: boolean;
  readonly skipped: boolean;
  readonly stdout: string;
  readonly msg: string;
}

/** ansible-playbook's json callback: per play, per task, the localhost result. */
function results(stdout: string): Map<string, TaskResult[]> {
  const out = new Map<string, TaskResult[]>();
  const json = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
    plays: {
      play: { name: string };
      tasks: { task: { name: string }; hosts: Record<string, Record<string, unknown>> }[];
    }[];
  };
  for (const p of json.plays) {
    out.set(
      p.play.name,
      p.tasks.map((t) => {
        const h = t.hosts.localhost ?? {};
        return {
          name: t.task.name,
          changed: h.changed === true,
          failed: h.failed === true,
          skipped: h.skipped === true,
          stdout: String(h.stdout ?? ''),
          msg: String(h.msg ?? ''),
        };
      }),
    );
  }
  return out;
}

/** Hash of every file under the roots, to prove check mode wrote nothing. */
function digest(runs: readonly Run[]): string {
  const h = createHash('sha256');
  for (const r of runs)
    for (const path of [...Object.keys(fixtures(r.plan)), '/etc/sysctl.d/90-tcp-keepalive.conf']) {
      const p = r.root + path;
      h.update(`${p}\0${existsSync(p) ? readFileSync(p, 'utf8') : '-'}\0`);
    }
  return h.digest('hex');
}

describe('the Ansible plays run for real in temp roots (check mode, then twice)', () => {
  const runs: Run[] = [];
  let check: Map<string, TaskResult[]> = new Map();
  let first: Map<string, TaskResult[]> = new Map();
  let second: Map<string, TaskResult[]> = new Map();
  let untouched = false;
  const ns = `ka-real-manage-${process.pid}-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    const base = tempDir('ansible-run');
    const fresh: unknown[] = [];
    const again: unknown[] = [];
    for (const [i, query] of RUN_QUERIES.entries()) {
      const c = { query, result: run(`${query}&${MANAGE}`) };
      const ansible = snippetOf(c, 'ansible');
      if (!ansible) throw new Error(`no ansible snippet for ${query}`);
      const root = join(base, String(i));
      // The directories a package creates; the files a merge needs.
      for (const d of [
        '/etc/sysctl.d',
        '/etc/ssh/ssh_config.d',
        '/etc/ssh/sshd_config.d',
        '/etc/mysql/mariadb.conf.d',
        '/etc/mysql/conf.d',
        '/etc/nginx/conf.d',
      ])
        mkdirSync(root + d, { recursive: true });
      for (const [path, text] of Object.entries(fixtures(c.result.plan))) {
        mkdirSync(dirname(root + path), { recursive: true });
        writeFileSync(root + path, text);
      }
      runs.push({ query, plan: c.result.plan, root, snippets: c.result.snippets });
      // Each play stands for one host, but all share one network namespace: before its tasks the wrapper
      // gives the kernel the state that host has (the defaults at first, later what its first run left),
      // and after them reads the values back.
      const tasks = rooted(ansible.text, root);
      const readBack = {
        name: 'wrapper: read back',
        'ansible.builtin.command': { argv: ['sysctl', '-n', ...KERNEL_KEYS] },
        changed_when: false,
      };
      const setKernel = (argv: string[]) => ({
        name: 'wrapper: this host kernel',
        'ansible.builtin.command': { argv },
        changed_when: false,
      });
      fresh.push(
        play(query, [
          setKernel(['sysctl', '-q', '-w', ...KERNEL_KEYS.map((k, j) => `${k}=${LINUX_DEFAULTS[j]}`)]),
          ...tasks,
          readBack,
        ]),
      );
      again.push(
        play(query, [
          setKernel(['sysctl', '-q', '-p', `${root}/etc/sysctl.d/90-tcp-keepalive.conf`]),
          ...tasks,
          readBack,
        ]),
      );
    }
    const freshFile = join(base, 'fresh.yml');
    const againFile = join(base, 'again.yml');
    writeFileSync(freshFile, stringify(fresh));
    writeFileSync(againFile, stringify(again));
    const add = await exec('ip', ['netns', 'add', ns]);
    if (add.code !== 0) throw new Error(`ip netns add: ${add.stderr}`);
    const env = { ...ANSIBLE_ENV(base), ANSIBLE_STDOUT_CALLBACK: 'json' };
    // The daemons here are not the temp roots' daemons: their checks and reloads are left out.
    const play_ = (file: string, extra: string[]) =>
      exec(
        'ip',
        [
          'netns',
          'exec',
          ns,
          'ansible-playbook',
          '-i',
          'localhost,',
          '--skip-tags',
          'keepalive-reload',
          ...extra,
          file,
        ],
        { env, timeoutMs: 280_000 },
      );
    const before = digest(runs);
    const c = await play_(freshFile, ['--check', '--diff']);
    untouched = digest(runs) === before;
    check = results(c.stdout);
    first = results((await play_(freshFile, [])).stdout);
    second = results((await play_(againFile, [])).stdout);
  }, 900_000);

  afterAll(async () => {
    await exec('ip', ['netns', 'del', ns]);
  });

  it('check mode reports the changes, fails nothing and writes nothing', () => {
    expect(untouched).toBe(true);
    for (const r of runs) {
      const tasks = check.get(r.query) ?? [];
      expect(tasks.length, r.query).toBeGreaterThan(3);
      expect(
        tasks.filter((t) => t.failed).map((t) => `${t.name}: ${t.msg}`),
        r.query,
      ).toEqual([]);
      expect(
        tasks.filter((t) => t.name.startsWith('keepalive-config:') && !t.changed).map((t) => t.name),
        r.query,
      ).toEqual([]);
    }
  });

  it.each(RUN_QUERIES)('%s: applies, reads back the plan, and a second run changes nothing', async (query) => {
    const r = runs.find((x) => x.query === query)!;
    const once = first.get(query) ?? [];
    // Counted as read back only once every check below has passed.
    const rec = (readBack: boolean) =>
      record({
        daemon: 'Ansible',
        kind: 'generated',
        label: `play run: ${query}`,
        accepted: !once.some((t) => t.failed),
        readBack,
      });
    try {
      await appliedAndIdempotent(r, query, once);
      rec(true);
    } catch (error) {
      rec(false);
      throw error;
    }
  });

  async function appliedAndIdempotent(r: (typeof runs)[number], query: string, once: readonly TaskResult[]) {
    expect(once.filter((t) => t.failed).map((t) => `${t.name}: ${t.msg}`)).toEqual([]);
    // The kernel in the namespace and the sysctl.d file hold the plan's values.
    expect(once.at(-1)?.stdout.split('\n')).toEqual(kernelOf(r.plan));
    const sysctl = readFileSync(`${r.root}/etc/sysctl.d/90-tcp-keepalive.conf`, 'utf8');
    expect(
      KERNEL_KEYS.map((k) => new RegExp(`^${k.replace(/\./g, '\\.')}\\s*=\\s*(\\d+)$`, 'm').exec(sysctl)?.[1]),
    ).toEqual(kernelOf(r.plan));
    // Whole drop-ins are the page's snippets, byte for byte.
    const whole: Record<string, string> = {
      'ssh-config': '/etc/ssh/ssh_config.d/10-keepalive.conf',
      'sshd-config': '/etc/ssh/sshd_config.d/10-keepalive.conf',
      'nginx-conf': '/etc/nginx/conf.d/upstream-keepalive.conf',
    };
    // nginx's merge form is lines for the user's own blocks: the play places no file (lib/manage/files.ts).
    const mergeForm = r.plan.input.target === 'nginx' && r.plan.input.nginx_form === 'merge';
    if (mergeForm) expect(existsSync(`${r.root}${whole['nginx-conf']}`)).toBe(false);
    for (const s of r.snippets) {
      const path = s.id === 'my-cnf' ? s.destination : s.id === 'nginx-conf' && mergeForm ? undefined : whole[s.id];
      if (path) expect(readFileSync(r.root + path, 'utf8'), s.id).toBe(s.text);
    }
    await mergedFilesReadBack(r, (p) => readFileSync(r.root + p, 'utf8'));
    const twice = second.get(query) ?? [];
    expect(twice.length).toBe(once.length);
    expect(twice.filter((t) => t.failed || t.changed).map((t) => t.name)).toEqual([]);
  }
});

/** The merged daemon files, read by the daemon itself (PostgreSQL, pgbouncer) or parsed as a node would (Elasticsearch). */
async function mergedFilesReadBack(r: { plan: Plan }, read: (path: string) => string): Promise<void> {
  const { plan } = r;
  const v = plan.values;
  if (plan.input.target === 'postgres') {
    const want = expectedPg(plan);
    const pg = await postgresC(read(`/etc/postgresql/${plan.input.postgres}/main/postgresql.conf`), Object.keys(want));
    expect(pg.ok, pg.failure && why(pg.failure)).toBe(true);
    expect(Object.fromEntries([...pg.values].map(([n, shown]) => [n, normalise(n, shown)]))).toEqual(want);
    const bouncer = await runPgbouncer(read('/etc/pgbouncer/pgbouncer.ini'), await sparePort());
    expect(bouncer.ok, bouncer.log).toBe(true);
    const bouncerWant: Record<string, string> = {
      tcp_keepalive: '1',
      tcp_keepidle: String(v.keepalive.idle),
      tcp_keepintvl: String(v.keepalive.interval),
      tcp_keepcnt: String(v.keepalive.count),
      tcp_user_timeout: String(v.userTimeoutMs ?? 0),
    };
    expect(Object.fromEntries(Object.keys(bouncerWant).map((k) => [k, bouncer.config.get(k)]))).toEqual(bouncerWant);
  }
  if (plan.input.target === 'elasticsearch') {
    const text = read('/etc/elasticsearch/elasticsearch.yml');
    const doc = parseDocument(text, { uniqueKeys: true });
    expect(doc.errors.map((e) => e.message)).toEqual([]);
    const es = checkElasticsearchYml(text);
    expect(es.errors.filter((e) => !/^unknown setting \[path\./.test(e))).toEqual([]);
    expect(es.settings.get('network.tcp.keep_idle')).toBe(Math.min(v.keepalive.idle, 300));
    expect(es.settings.get('network.tcp.keep_count')).toBe(v.keepalive.count);
    expect(es.settings.get('path.data')).toBe('/var/lib/elasticsearch');
  }
}

/**
 * The server settings the plan sets, in their base units (s, ms, count: guc_parameters.dat), as the
 * installed PostgreSQL 15 reads them; a setting the target version lacks stays at its default 0
 * (tcp_user_timeout since 12, client_connection_check_interval since 14: FACTS.md section 4).
 */
function expectedPg(plan: Plan): Record<string, number> {
  const k = plan.values.keepalive;
  const v = plan.input.postgres;
  return {
    tcp_keepalives_idle: k.idle,
    tcp_keepalives_interval: k.interval,
    tcp_keepalives_count: k.count,
    tcp_user_timeout: v >= 12 ? (plan.values.userTimeoutMs ?? 0) : 0,
    client_connection_check_interval: v >= 14 ? k.interval * 1000 : 0,
  };
}

describe('cloud-init schema', () => {
  const distinct = distinctSnippets('cloud-init', cases);
  it('has generated cloud-init snippets for every target', () => {
    expect(distinct.length).toBeGreaterThan(40);
  });

  const schema = async (text: string) => {
    const file = join(tempDir('cloud-init'), 'user-data.yaml');
    writeFileSync(file, text);
    return exec('cloud-init', ['schema', '--config-file', file], { timeoutMs: 60_000 });
  };

  for (const d of distinct) {
    it(`accepts ${label(d)}`, async () => {
      const r = await schema(d.snippet.text);
      record({
        daemon: 'cloud-init',
        kind: 'generated',
        label: label(d),
        accepted: r.code === 0 && /^Valid cloud-config/.test(r.stdout),
        readBack: null,
      });
      expect(r.code, why(r)).toBe(0);
      expect(r.stdout).toMatch(/^Valid cloud-config/);
      expect(r.stderr).not.toMatch(/deprecat/i);
    });
  }

  it('refuses broken user data: a string for append, and a missing #cloud-config line', async () => {
    const text = distinctSnippets(
      'cloud-init',
      cases.filter((c) => c.result.input.target === 'postgres'),
    )[0]!.snippet.text;
    expect(text).toContain('append: true');
    const appendString = await schema(text.replace(/append: true/g, 'append: "yes please"'));
    record({
      daemon: 'cloud-init',
      kind: 'broken',
      label: 'a string for append',
      accepted: appendString.code === 0,
      readBack: null,
    });
    expect(appendString.code).not.toBe(0);
    expect(appendString.stderr + appendString.stdout).toMatch(/append/);
    const noHeader = await schema(text.split('\n').slice(1).join('\n'));
    record({
      daemon: 'cloud-init',
      kind: 'broken',
      label: 'no #cloud-config line',
      accepted: noHeader.code === 0,
      readBack: null,
    });
    expect(noHeader.code).not.toBe(0);
  });

  it.each(['target=postgres', 'target=postgres&postgres=11&via=aws-alb', 'target=elasticsearch&via=gcp-proxy-nlb'])(
    '%s: the appends, replayed onto the package files with an earlier value set, are read as the plan',
    async (query) => {
      const c = { query, result: run(`${query}&${MANAGE}`) };
      const data = parse(snippetOf(c, 'cloud-init')!.text) as {
        write_files: { path: string; content: string; append?: boolean }[];
      };
      const files = fixtures(c.result.plan);
      // An earlier, different value in the file: the appended one must win (postgres, pgbouncer: last value wins).
      const earlier: Record<string, string> = {
        'postgresql.conf': 'tcp_keepalives_idle = 7200',
        'pgbouncer.ini': 'tcp_keepidle = 7200',
      };
      const after = new Map<string, string>();
      for (const f of data.write_files.filter((x) => x.append)) {
        const base = files[f.path];
        expect(base, f.path).toBeDefined();
        const e = Object.entries(earlier).find(([k]) => f.path.endsWith(k))?.[1];
        // pgbouncer: the earlier key goes into its [pgbouncer] section, the last one in Debian's file.
        after.set(f.path, `${base}${e ? `\n${e}` : ''}${f.content}`);
      }
      await mergedFilesReadBack(c.result, (p) => after.get(p) ?? '');
    },
  );
});

describe('Terraform for AKS: hcl2json', () => {
  const distinct = distinctSnippets('terraform-aks', cases);
  it('has generated AKS snippets, some of them clamped', () => {
    expect(distinct.length).toBeGreaterThan(5);
    expect(distinct.some((d) => /^# Clamped to those ranges/m.test(d.snippet.text))).toBe(true);
  });

  for (const d of distinct) {
    it(`parses to the plan's clamped values: ${label(d)}`, async () => {
      const json = (await parseHcl('aks-keepalive.tf', d.snippet.text)) as {
        linux_os_config?: { sysctl_config?: Record<string, number>[] }[];
      };
      const got = json.linux_os_config?.[0]?.sysctl_config?.[0];
      const want = (c: Case) => clampToAks(c.result.plan.values.keepalive).values;
      const same = d.cases.every(
        (c) =>
          got?.net_ipv4_tcp_keepalive_time === want(c).idle &&
          got?.net_ipv4_tcp_keepalive_intvl === want(c).interval &&
          got?.net_ipv4_tcp_keepalive_probes === want(c).count,
      );
      record({
        daemon: 'Terraform HCL (hcl2json)',
        kind: 'generated',
        label: label(d),
        accepted: got !== undefined,
        readBack: same,
      });
      for (const c of d.cases) {
        const k = clampToAks(c.result.plan.values.keepalive).values;
        // The provider's ranges (lib/manage/terraform.ts), restated: time 30..432000, intvl 10..90, probes 1..15.
        expect([
          k.idle >= 30 && k.idle <= 432000,
          k.interval >= 10 && k.interval <= 90,
          k.count >= 1 && k.count <= 15,
        ]).toEqual([true, true, true]);
        expect(got, c.query).toEqual({
          net_ipv4_tcp_keepalive_time: k.idle,
          net_ipv4_tcp_keepalive_intvl: k.interval,
          net_ipv4_tcp_keepalive_probes: k.count,
        });
      }
    });
  }

  it('refuses a broken block: an unclosed brace, an attribute without a value', async () => {
    const text = distinct[0]!.snippet.text;
    const refused = async (broken: string) =>
      parseHcl('broken.tf', broken).then(
        () => undefined,
        (e: unknown) => String(e),
      );
    const unclosed = await refused(text.replace(/\}\n$/, ''));
    const noValue = await refused(text.replace(/(net_ipv4_tcp_keepalive_time += )\d+/, '$1'));
    record({
      daemon: 'Terraform HCL (hcl2json)',
      kind: 'broken',
      label: 'an unclosed brace',
      accepted: unclosed === undefined,
      readBack: null,
    });
    record({
      daemon: 'Terraform HCL (hcl2json)',
      kind: 'broken',
      label: 'an attribute without a value',
      accepted: noValue === undefined,
      readBack: null,
    });
    expect(unclosed).toMatch(/Unclosed configuration block/);
    expect(noValue).toBeDefined();
  });
});
