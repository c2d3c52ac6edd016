// Config-management snippets (issue 14): Ansible tasks, cloud-init user data and the AKS node pool block
// carry exactly the values the plan chose and the target's own snippets print; the AKS clamp; the codec.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ManageField, toggledManage } from '../../components/inputs/ManageField';
import { MANAGE_KINDS } from '../../lib/catalog';
import { run } from '../../lib/engine';
import { AKS_RANGES, clampToAks } from '../../lib/manage/terraform';
import { manageSnippet } from '../../lib/manage';
import { serializeHcl } from '../../lib/render/hcl';
import { block, setting } from '../../lib/render/lines';
import { Literal, toYamlText } from '../../lib/render/yamlText';
import type { Plan, Snippet } from '../../lib/types';
import { parseQuery, writeQuery, type FieldError } from '../../lib/url';

const ALL = 'manage=ansible,cloud-init,terraform-aks';

/** Queries per target that between them reach every branch of the managed files. */
const QUERIES = [
  'target=ssh',
  'target=ssh&via=aws-natgw&host=bastion.example.com',
  'target=ssh&alive=60:5&openssh=9.5',
  'target=postgres',
  'target=postgres&postgres=11',
  'target=postgres&postgres=13&via=aws-alb',
  'target=postgres&keepalive=60:10:6&user_timeout=120000&postgres=18',
  'target=mysql',
  'target=mysql&mysql=mysql-8.4&via=azure-lb',
  'target=nginx',
  'target=nginx&nginx=1.29.7&idle=30&upstream=10.1.2.3:9000',
  'target=nginx&nginx=1.16',
  'target=nginx&nginx_form=site',
  'target=nginx&nginx_form=site&nginx=1.29.7&idle=30&upstream=10.1.2.3:9000',
  'target=nginx&nginx_form=site&nginx=1.16',
  'target=elasticsearch',
  'target=elasticsearch&via=gcp-proxy-nlb',
  'target=elasticsearch&keepalive=600:400:3',
];

type Task = Record<string, unknown> & { name: string };
type WriteFile = {
  path: string;
  content: string;
  owner: string;
  permissions: string;
  append?: boolean;
  defer?: boolean;
};

function runAll(q: string) {
  const r = run(`${q}&${ALL}`);
  expect(r.errors).toEqual([]);
  const get = (id: string): Snippet => {
    const s = r.snippets.find((x) => x.id === id);
    if (!s) throw new Error(`no ${id} for ${q}`);
    return s;
  };
  return { plan: r.plan, snippets: r.snippets, get };
}

/** What each managed daemon file must say, from the plan's values alone (FACTS.md sections 3 to 7). */
function expectedKeys(plan: Plan): Record<string, Record<string, string>> {
  const k = plan.values.keepalive;
  const u = plan.values.userTimeoutMs;
  // pgbouncer's server_idle_timeout: the pool limit, only below its 600 s default.
  const L = plan.values.poolLimit ?? 600;
  const v = plan.input;
  switch (v.target) {
    case 'ssh':
      return {
        '/etc/ssh/ssh_config.d/10-keepalive.conf': {
          ServerAliveInterval: String(plan.values.serverAlive?.interval),
          ServerAliveCountMax: String(plan.values.serverAlive?.count),
          TCPKeepAlive: 'yes',
        },
        '/etc/ssh/sshd_config.d/10-keepalive.conf': {
          ClientAliveInterval: String(plan.values.clientAlive?.interval),
          ClientAliveCountMax: String(plan.values.clientAlive?.count),
          TCPKeepAlive: 'yes',
        },
      };
    case 'postgres':
      return {
        [`/etc/postgresql/${v.postgres}/main/postgresql.conf`]: {
          tcp_keepalives_idle: String(k.idle),
          tcp_keepalives_interval: String(k.interval),
          tcp_keepalives_count: String(k.count),
          ...(u && v.postgres >= 12 ? { tcp_user_timeout: String(u) } : {}),
          ...(v.postgres >= 14 ? { client_connection_check_interval: String(k.interval * 1000) } : {}),
        },
        '/etc/pgbouncer/pgbouncer.ini': {
          tcp_keepalive: '1',
          tcp_keepidle: String(k.idle),
          tcp_keepintvl: String(k.interval),
          tcp_keepcnt: String(k.count),
          ...(u ? { tcp_user_timeout: String(u) } : {}),
          ...(L < 600 ? { server_idle_timeout: String(L) } : {}),
        },
      };
    case 'mysql':
      return v.mysql.startsWith('mariadb-')
        ? {
            '/etc/mysql/mariadb.conf.d/90-keepalive.cnf': {
              tcp_keepalive_time: String(k.idle),
              tcp_keepalive_interval: String(k.interval),
              tcp_keepalive_probes: String(k.count),
              connect_timeout: '10',
            },
          }
        : { '/etc/mysql/conf.d/90-keepalive.cnf': { connect_timeout: '10' } };
    case 'nginx':
      // The merge form is lines for the user's own blocks: no file to manage (lib/manage/files.ts).
      if (v.nginx_form === 'merge') return {};
      return {
        '/etc/nginx/conf.d/upstream-keepalive.conf': {
          listen: `80 so_keepalive=${k.idle}:${k.interval}:${k.count}`,
          server: v.upstream,
          keepalive: '16',
          ...(plan.values.nginxPoolTimeout && v.nginx[1]! >= 15
            ? { keepalive_timeout: `${plan.values.nginxPoolTimeout}s` }
            : {}),
        },
      };
    case 'elasticsearch':
      return {
        '/etc/elasticsearch/elasticsearch.yml': {
          'network.tcp.keep_alive': 'true',
          'network.tcp.keep_idle': String(Math.min(k.idle, 300)),
          'network.tcp.keep_interval': String(Math.min(k.interval, 300)),
          'network.tcp.keep_count': String(k.count),
          ...(plan.values.esPingSchedule ? { 'transport.ping_schedule': `${plan.values.esPingSchedule}s` } : {}),
        },
      };
    case 'redis':
      // A marked block at the end of Debian's redis.conf: the last tcp-keepalive line wins.
      return { '/etc/redis/redis.conf': { 'tcp-keepalive': String(plan.values.redisKeepalive) } };
    case 'grpc':
      // Options in the application's code: no host file.
      return {};
  }
}

/** Settings of a file's text, whatever its syntax: `key = v`, `Key v`, `directive v;`, `key: v`; comments and heads skipped. */
function settingsOf(text: string, path: string): Record<string, string> {
  if (path.endsWith('.yml'))
    return Object.fromEntries(
      Object.entries(parse(text) as Record<string, unknown>).map(([key, val]) => [key, String(val)]),
    );
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (
      line === '' ||
      line.startsWith('#') ||
      /^\[.*\]$/.test(line) ||
      line.endsWith('{') ||
      line === '}' ||
      /^Host /.test(line)
    )
      continue;
    const m = /^([A-Za-z0-9_.]+)(?: = | )(.+?);?$/.exec(line);
    if (!m) throw new Error(`${path}: unreadable line ${JSON.stringify(line)}`);
    if (['proxy_pass', 'proxy_http_version', 'proxy_set_header', 'proxy_socket_keepalive'].includes(m[1]!)) continue;
    out[m[1]!] = m[2]!;
  }
  return out;
}

const kernelOf = (plan: Plan) => ({
  'net.ipv4.tcp_keepalive_time': String(plan.values.keepalive.idle),
  'net.ipv4.tcp_keepalive_intvl': String(plan.values.keepalive.interval),
  'net.ipv4.tcp_keepalive_probes': String(plan.values.keepalive.count),
});

describe('Ansible tasks carry exactly the plan and the target snippets', () => {
  it.each(QUERIES)('%s', (q) => {
    const { plan, get, snippets } = runAll(q);
    const tasks = parse(get('ansible').text) as Task[];
    // Kernel: the sysctl snippet's keys and values, into its file, reloaded.
    const sysctl = tasks
      .filter((t) => 'ansible.posix.sysctl' in t)
      .map((t) => t['ansible.posix.sysctl'] as Record<string, unknown>);
    expect(Object.fromEntries(sysctl.map((s) => [s.name, s.value]))).toEqual(kernelOf(plan));
    for (const s of sysctl)
      expect(s).toMatchObject({ sysctl_file: '/etc/sysctl.d/90-tcp-keepalive.conf', reload: true, state: 'present' });
    // Daemon files: each path once, with the values the plan chose.
    const files: Record<string, Record<string, string>> = {};
    for (const t of tasks) {
      const copy = t['ansible.builtin.copy'] as { dest: string; content: string } | undefined;
      const ini = t['community.general.ini_file'] as { path: string } | undefined;
      const blk = t['ansible.builtin.blockinfile'] as { path: string; block: string } | undefined;
      if (copy) files[copy.dest] = settingsOf(copy.content, copy.dest);
      if (ini)
        files[ini.path] = Object.fromEntries(
          (t.loop as { option: string; value: string }[]).map((i) => [i.option, i.value]),
        );
      if (blk) files[blk.path] = settingsOf(blk.block, blk.path);
    }
    expect(files).toEqual(expectedKeys(plan));
    // A whole file is the page's snippet, byte for byte.
    for (const t of tasks) {
      const copy = t['ansible.builtin.copy'] as { dest: string; content: string } | undefined;
      if (copy)
        expect(
          snippets.some((s) => s.text === copy.content),
          copy.dest,
        ).toBe(true);
    }
  });

  it('reloads only after a change, checks sshd and nginx first, and names what it leaves out', () => {
    const ssh = parse(runAll('target=ssh').get('ansible').text) as Task[];
    const names = ssh.map((t) => t.name);
    expect(names.slice(-2)).toEqual(['keepalive-config: check the ssh configuration', 'keepalive-config: reload ssh']);
    expect(ssh.at(-2)).toMatchObject({
      'ansible.builtin.command': { argv: ['sshd', '-t'] },
      changed_when: false,
      when: 'keepalive_sshd_config is changed',
      tags: ['keepalive-reload'],
    });
    expect(ssh.at(-1)).toMatchObject({
      'ansible.builtin.service': { name: 'ssh', state: 'reloaded' },
      when: 'keepalive_sshd_config is changed',
    });
    const nginx = runAll('target=nginx&nginx_form=site').get('ansible').text;
    expect(nginx).toContain('- nginx\n      - "-t"');
    const merge = runAll('target=nginx').get('ansible').text;
    expect(merge).not.toContain('/etc/nginx');
    expect(merge).toMatch(
      /^# Not managed: nginx-conf, lines for your own nginx blocks in a file no tool knows: add them by hand, then nginx -t and reload \(nginx_form=site gives a managed conf\.d file\)\.$/m,
    );
    const pg = runAll('target=postgres').get('ansible').text;
    expect(pg).toMatch(
      /^# Not host files, so left out: libpq, psycopg, jdbc, hikaricp, sqlalchemy, go-sql, psycopg-pool, node-postgres, pgx, docker, compose, kubernetes, code-python, code-node, code-go, code-java, verify\.$/m,
    );
    expect(runAll('target=mysql').get('ansible').text).toMatch(
      /^# After a change, restart mariadb \(it reads option files only when it starts\); these tasks do not\.$/m,
    );
    expect(runAll('target=elasticsearch').get('ansible').text).toMatch(
      /^# After a change, restart elasticsearch \(static node settings, one node at a time\); these tasks do not\.$/m,
    );
  });
});

describe('cloud-init user data carries exactly the plan and the target snippets', () => {
  it.each(QUERIES)('%s', (q) => {
    const { plan, get } = runAll(q);
    const text = get('cloud-init').text;
    expect(text.split('\n')[0]).toBe('#cloud-config');
    const data = parse(text) as { write_files: WriteFile[]; runcmd: string[] };
    const [kernel, ...daemon] = data.write_files;
    expect(kernel?.path).toBe('/etc/sysctl.d/90-tcp-keepalive.conf');
    expect(kernel?.content).toBe(get('sysctl').text);
    expect(settingsOf(kernel?.content ?? '', 'sysctl.conf')).toEqual(kernelOf(plan));
    expect(Object.fromEntries(daemon.map((f) => [f.path, settingsOf(f.content, f.path)]))).toEqual(expectedKeys(plan));
    // Merged files are appended to, never replaced; whole drop-ins are not.
    const merged = ['postgresql.conf', 'pgbouncer.ini', 'elasticsearch.yml'];
    for (const f of daemon) {
      expect(f.append === true, f.path).toBe(merged.some((m) => f.path.endsWith(m)));
      expect(f.defer).toBe(true);
      if (f.path.endsWith('pgbouncer.ini')) expect(f.content).not.toMatch(/^\[pgbouncer\]$/m);
    }
    expect(data.runcmd[0]).toBe('sysctl --system');
  });

  it('reloads each daemon that can reload, after checking sshd and nginx', () => {
    const cmds = (q: string) => (parse(runAll(q).get('cloud-init').text) as { runcmd: string[] }).runcmd;
    expect(cmds('target=ssh')).toEqual(['sysctl --system', 'sshd -t && systemctl try-reload-or-restart ssh']);
    expect(cmds('target=postgres')).toEqual([
      'sysctl --system',
      'systemctl try-reload-or-restart postgresql',
      'systemctl try-reload-or-restart pgbouncer',
    ]);
    expect(cmds('target=mysql&mysql=mysql-8.0')).toEqual(['sysctl --system', 'systemctl try-restart mysql']);
    expect(cmds('target=nginx&nginx_form=site')).toEqual([
      'sysctl --system',
      'nginx -t && systemctl try-reload-or-restart nginx',
    ]);
    // The merge form places nothing in nginx's files, so nothing reloads nginx; the notes say why.
    expect(cmds('target=nginx')).toEqual(['sysctl --system']);
    expect(runAll('target=nginx').get('cloud-init').text).toMatch(
      /^# Not managed: nginx-conf, lines for your own nginx blocks/m,
    );
  });
});

describe('Terraform for AKS: the clamp to the provider ranges', () => {
  const r = AKS_RANGES;
  it.each([
    // [T, I, P] planned -> written: below, at and above each end of each range.
    [
      [29, 9, 0],
      [30, 10, 1],
    ],
    [
      [30, 10, 1],
      [30, 10, 1],
    ],
    [
      [432000, 90, 15],
      [432000, 90, 15],
    ],
    [
      [432001, 91, 16],
      [432000, 90, 15],
    ],
  ])('%j -> %j', ([t, i, p], [wt, wi, wp]) => {
    const c = clampToAks({ idle: t!, interval: i!, count: p! });
    expect(c.values).toEqual({ idle: wt, interval: wi, count: wp });
    expect(c.changed.length).toBe([t !== wt, i !== wi, p !== wp].filter(Boolean).length);
  });

  it('the ranges are the provider schema ones', () => {
    expect([r.idle.min, r.idle.max, r.interval.min, r.interval.max, r.count.min, r.count.max]).toEqual([
      30, 432000, 10, 90, 1, 15,
    ]);
  });

  /** The three attribute values of the HCL block. */
  const hclValues = (text: string) =>
    Object.fromEntries([...text.matchAll(/^ {4}(net_ipv4_\w+) += (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));

  it('states the clamp and the worst case that results when it changes the values', () => {
    const text = runAll('target=ssh&keepalive=20:5:20').get('terraform-aks').text;
    expect(hclValues(text)).toEqual({
      net_ipv4_tcp_keepalive_time: 30,
      net_ipv4_tcp_keepalive_intvl: 10,
      net_ipv4_tcp_keepalive_probes: 15,
    });
    expect(text).toContain(
      '# Clamped to those ranges: net_ipv4_tcp_keepalive_time 20 -> 30, net_ipv4_tcp_keepalive_intvl 5 -> 10, net_ipv4_tcp_keepalive_probes 20 -> 15.',
    );
    // 30 + 15 x 10 = 180 s, planned 20 + 20 x 5 = 120 s.
    expect(text).toContain('# The worst case becomes 3 min (T + P × I), not the planned 2 min.');
    expect(text).toContain('# Worst case to detect a dead peer: 3 min (was 2 h 11 min 15 s).');
    expect(text).toMatch(/^# Only the kernel settings have an AKS form/m);
  });

  it('says nothing is clamped when the values fit, and warns when the clamp breaks the path rule', () => {
    const fits = runAll('target=postgres&via=aws-natgw').get('terraform-aks').text;
    expect(fits).toContain('nothing is clamped');
    expect(fits).not.toContain('Clamped');
    const path = runAll('target=ssh&idle=30').get('terraform-aks').text;
    expect(path).toMatch(/# T \+ I = 40 s is not below 27 s/);
  });
});

describe('the manage key in the codec', () => {
  it('round trips, in MANAGE_KINDS order, and defaults to none', () => {
    expect(parseQuery('').input.manage).toEqual([]);
    const { input, errors } = parseQuery('target=nginx&manage=terraform-aks,ansible');
    expect(errors).toEqual([]);
    expect(input.manage).toEqual(['ansible', 'terraform-aks']);
    expect(writeQuery(input)).toBe('v=1&target=nginx&manage=ansible,terraform-aks');
    expect(parseQuery(writeQuery(input)).input).toEqual(input);
  });

  it.each([
    ['manage=chef', 'unknown id "chef"'],
    ['manage=ansible,ansible', 'an id listed twice'],
    ['manage=', 'unknown id ""'],
    ['manage=ansible,', 'unknown id ""'],
    ['manage=Ansible', 'unknown id "Ansible"'],
  ])('%s is rejected with the value named, the other fields kept', (q, named) => {
    const { input, errors } = parseQuery(`target=mysql&${q}`);
    expect(errors.map((e) => e.field)).toEqual(['manage']);
    expect(errors[0]?.message).toBe(
      `must be distinct ids from ansible, cloud-init, terraform-aks separated by commas (${named})`,
    );
    expect(input.manage).toEqual([]);
    expect(input.target).toBe('mysql');
  });
});

describe('the engine appends the chosen kinds and changes nothing else', () => {
  it.each(['target=ssh', 'target=postgres&via=aws-alb', 'target=elasticsearch'])('%s', (q) => {
    const plain = run(q);
    const managed = run(`${q}&manage=terraform-aks,cloud-init`);
    expect(plain.snippets.map((s) => s.id).some((id) => (MANAGE_KINDS as readonly string[]).includes(id))).toBe(false);
    expect(managed.snippets.map((s) => s.id)).toEqual([
      ...plain.snippets.map((s) => s.id),
      'cloud-init',
      'terraform-aks',
    ]);
    // Only the share query in each header differs.
    const strip = (t: string) => t.replace(/^(# |\/\/ )Reproduce: .*$/m, '');
    managed.snippets
      .slice(0, plain.snippets.length)
      .forEach((s, i) => expect(strip(s.text)).toBe(strip(plain.snippets[i]!.text)));
  });

  it('an infeasible plan renders nothing; asked directly, each kind says why and rolls out nothing', () => {
    const r = run(`goal=3&${ALL}`);
    expect(r.plan.infeasible).toBeDefined();
    expect(r.snippets).toEqual([]);
    for (const kind of MANAGE_KINDS) {
      const s = manageSnippet(kind, r.plan, []);
      expect(s.text).toContain('No values satisfy every constraint');
      expect(s.text).not.toContain('Worst case to detect');
      expect(s.text).not.toMatch(/^(?:write_files:|linux_os_config \{|- name:)/m);
    }
  });
});

describe('the serializers refuse what could end a line or a block', () => {
  it('literal blocks refuse other line breaks and control characters', () => {
    expect(toYamlText({ a: new Literal('x\ny\n') })).toEqual(['a: |', '  x', '  y']);
    expect(toYamlText({ a: new Literal('x') })).toEqual(['a: |-', '  x']);
    for (const bad of ['a\u2028b', 'a\rb', 'a\u0085b', 'a\u0000b', ' leading'])
      expect(() => toYamlText({ a: new Literal(bad) })).toThrow();
    expect(() => toYamlText({ 'a: b': new Literal('x') })).toThrow();
  });

  it('HCL refuses interpolation and non-identifiers, and aligns like terraform fmt', () => {
    expect(serializeHcl([block('a', [setting('x', 1), setting('long_name', 2)])])).toEqual([
      'a {',
      '  x         = 1',
      '  long_name = 2',
      '}',
    ]);
    expect(() => serializeHcl([setting('x', '${file("/etc/passwd")}')])).toThrow();
    expect(() => serializeHcl([setting('x y', 1)])).toThrow();
    expect(() => serializeHcl([block('a {}', [])])).toThrow();
  });
});

describe('the Roll out with control', () => {
  const html = (value: string, error?: FieldError) =>
    renderToStaticMarkup(createElement(ManageField, { value, error, onChange: () => undefined }));

  it('is a labelled group of native checkboxes, one per kind, checked from the query value', () => {
    const out = html('ansible,terraform-aks');
    expect(out).toMatch(/<fieldset[^>]*><legend[^>]*>Roll out with<\/legend>/);
    // Each input sits inside its label (so the label text names it), as a checkbox of the `manage` key.
    const boxes = [...out.matchAll(/<label[^>]*><input ([^>]*)\/>([^<]+)<\/label>/g)].map(([, attrs = '', text]) => {
      expect(attrs).toMatch(/type="checkbox"/);
      expect(attrs).toMatch(/name="manage"/);
      return [/value="([^"]+)"/.exec(attrs)?.[1], / checked=""/.test(` ${attrs}`), text];
    });
    expect(boxes).toEqual([
      ['ansible', true, 'Ansible'],
      ['cloud-init', false, 'cloud-init'],
      ['terraform-aks', true, 'Terraform (AKS)'],
    ]);
    expect(out).not.toContain('role="alert"');
  });

  it('shows the codec message when the value was refused', () => {
    const { errors } = parseQuery('manage=chef');
    const out = html('chef', errors[0]);
    expect(out).toContain('role="alert"');
    expect(out).toContain('unknown id &quot;chef&quot;');
    expect(out).toMatch(/<fieldset aria-describedby="field-manage-error"/);
  });

  it('writes the checked kinds in MANAGE_KINDS order, and nothing once all are cleared', () => {
    expect(toggledManage('', 'terraform-aks', true)).toBe('terraform-aks');
    expect(toggledManage('terraform-aks', 'ansible', true)).toBe('ansible,terraform-aks');
    expect(toggledManage('ansible,terraform-aks', 'cloud-init', true)).toBe('ansible,cloud-init,terraform-aks');
    expect(toggledManage('ansible,cloud-init', 'ansible', false)).toBe('cloud-init');
    expect(toggledManage('cloud-init', 'cloud-init', false)).toBe('');
    // What it writes the codec reads back as the same choice.
    expect(parseQuery(`manage=${toggledManage('cloud-init', 'ansible', true)}`).input.manage).toEqual([
      'ansible',
      'cloud-init',
    ]);
  });
});
