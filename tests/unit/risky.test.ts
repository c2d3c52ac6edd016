// Issue 16, wrong or risky output: pgbouncer keys without a section head, Elasticsearch settings gated
// by release, a verify command that fails loudly.
import { describe, expect, it } from 'vitest';
import { ELASTICSEARCH_VERSIONS } from '../../lib/catalog';
import { run } from '../../lib/engine';
import { parseQuery, writeQuery } from '../../lib/url';

const snippet = (query: string, id: string): string => {
  const s = run(query).snippets.find((x) => x.id === id);
  if (!s) throw new Error(`no ${id} for ${query}`);
  return s.text;
};

describe('pgbouncer.ini is keys only', () => {
  it.each(['target=postgres', 'target=postgres&via=azure-lb', 'target=postgres&keepalive=60:10:6&user_timeout=90000'])(
    '%s: no section head, the section named',
    (q) => {
      const text = snippet(q, 'pgbouncer-ini');
      expect(text).not.toMatch(/^\s*\[/m);
      expect(text).toMatch(/^# Keys of the \[pgbouncer\] section/m);
      expect(text).toMatch(/^tcp_keepalive = 1$/m);
    },
  );

  it('Ansible still merges the keys into section pgbouncer; cloud-init appends them with no head', () => {
    const r = run('target=postgres&manage=ansible,cloud-init');
    const ansible = r.snippets.find((s) => s.id === 'ansible')?.text ?? '';
    const task = ansible.slice(ansible.indexOf('/etc/pgbouncer/pgbouncer.ini'));
    expect(task).toMatch(/^ {4}section: pgbouncer$/m);
    const cloud = r.snippets.find((s) => s.id === 'cloud-init')?.text ?? '';
    const entry = cloud.slice(
      cloud.indexOf('path: "/etc/pgbouncer/pgbouncer.ini"'),
      cloud.indexOf('permissions', cloud.indexOf('path: "/etc/pgbouncer/pgbouncer.ini"')),
    );
    expect(entry).toMatch(/tcp_keepidle = \d+/);
    expect(entry).not.toMatch(/^\s*\[pgbouncer\]$/m);
  });
});

const keys = (q: string): string[] =>
  snippet(q, 'elasticsearch-yml')
    .split('\n')
    .filter((l) => /^[a-z]/.test(l))
    .map((l) => l.split(':')[0] ?? '');

describe('Elasticsearch settings follow the release', () => {
  it('lists every 7.x minor, then 8 and 9', () => {
    expect(ELASTICSEARCH_VERSIONS.filter((v) => v.startsWith('7.'))).toHaveLength(18);
    expect(ELASTICSEARCH_VERSIONS.slice(-2)).toEqual(['8', '9']);
  });

  it.each(['7.0', '7.3'])('%s: keep_alive only, the sysctl route said, and a warning', (v) => {
    const q = `target=elasticsearch&elasticsearch=${v}`;
    expect(keys(q)).toEqual(['network.tcp.keep_alive']);
    expect(snippet(q, 'elasticsearch-yml')).toMatch(/timers come from the sysctl snippet/);
    expect(run(q).plan.warnings.map((w) => w.code)).toContain('es-no-keep-settings');
  });

  it.each(['7.4', '7.17', '8', '9'])('%s: the per-socket keep_* settings', (v) => {
    const q = `target=elasticsearch&elasticsearch=${v}`;
    expect(keys(q)).toEqual([
      'network.tcp.keep_alive',
      'network.tcp.keep_idle',
      'network.tcp.keep_interval',
      'network.tcp.keep_count',
    ]);
    expect(run(q).plan.warnings.map((w) => w.code)).not.toContain('es-no-keep-settings');
  });

  it('before 7.4 the kernel values apply unclamped: the worst case is T + P × I', () => {
    const p = run('target=elasticsearch&elasticsearch=7.3&keepalive=600:400:3').plan;
    expect(p.detection.find((d) => d.layer === 'elasticsearch-transport')?.after.worstCaseSeconds).toBe(600 + 3 * 400);
    expect(p.warnings.map((w) => w.code)).not.toContain('es-clamp-300');
  });

  it('an old link elasticsearch=7 keeps its meaning (7.17, keep_* emitted) and round-trips', () => {
    const { input, errors } = parseQuery('target=elasticsearch&elasticsearch=7');
    expect(errors).toEqual([]);
    expect(input.elasticsearch).toBe('7.17');
    expect(writeQuery(input)).toBe('v=1&target=elasticsearch&elasticsearch=7.17');
    expect(parseQuery(writeQuery(input)).input).toEqual(input);
    expect(keys('target=elasticsearch&elasticsearch=7')).toContain('network.tcp.keep_idle');
  });

  it.each(['7.18', '6', '8.1', '07.4', '', 'constructor', '__proto__', 'toString'])(
    'refuses elasticsearch=%s and names the allowed values',
    (v) => {
      const { errors } = parseQuery(`target=elasticsearch&elasticsearch=${v}`);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.field).toBe('elasticsearch');
      expect(errors[0]?.message).toMatch(/^must be one of 7\.0, 7\.1, .*7\.17, 8, 9 \(7 reads as 7\.17\)$/);
    },
  );
});

describe('the Elasticsearch verify command fails loudly', () => {
  const curl = (q: string): string =>
    snippet(q, 'verify')
      .split('\n')
      .find((l) => l.startsWith('curl')) ?? '';
  it.each(['8', '9'])('%s: HTTPS with the package CA, prompting for the elastic password', (v) => {
    const c = curl(`target=elasticsearch&elasticsearch=${v}`);
    expect(c).toMatch(
      /^curl --fail-with-body -sS --cacert \/etc\/elasticsearch\/certs\/http_ca\.crt -u elastic 'https:\/\/localhost:9200\//,
    );
    expect(c).toContain('filter_path=**.keep_*,**.ping_schedule');
  });
  it('7.x: plain HTTP, and the comment says what to do when security is on', () => {
    const text = snippet('target=elasticsearch&elasticsearch=7.17', 'verify');
    expect(curl('target=elasticsearch&elasticsearch=7.17')).toMatch(
      /^curl --fail-with-body -sS 'http:\/\/localhost:9200\//,
    );
    expect(text).toMatch(/xpack\.security\.enabled.*https:\/\/ and -u elastic/);
  });
});

describe('nginx: lines to merge by default, a new site only when asked', () => {
  it('the default is merge and is left out of the link; site round-trips', () => {
    expect(parseQuery('target=nginx').input.nginx_form).toBe('merge');
    expect(writeQuery(parseQuery('target=nginx&nginx_form=merge').input)).toBe('v=1&target=nginx');
    const { input, errors } = parseQuery('target=nginx&nginx_form=site');
    expect(errors).toEqual([]);
    expect(input.nginx_form).toBe('site');
    expect(writeQuery(input)).toBe('v=1&target=nginx&nginx_form=site');
    expect(parseQuery(writeQuery(input)).input).toEqual(input);
  });

  it.each(['Site', 'new', '', 'merge,site'])('refuses nginx_form=%j and names the allowed values', (v) => {
    const { input, errors } = parseQuery(`target=nginx&nginx_form=${encodeURIComponent(v)}`);
    expect(errors).toEqual([{ field: 'nginx_form', value: v, message: 'must be one of merge, site' }]);
    expect(input.nginx_form).toBe('merge');
  });

  it('merge: no upstream, server or location block, no invented name, one heading per group', () => {
    const text = snippet('target=nginx', 'nginx-conf');
    expect(text).not.toMatch(/\{\s*$/m);
    expect(text).not.toMatch(/backend|^\s*(proxy_pass|server|upstream)\s/m);
    expect(text.match(/^# In (your upstream|your server|the location) \{ \} block/gm)).toHaveLength(3);
    expect(text).toMatch(/^keepalive 16;$/m);
    expect(text).toMatch(/^listen 80 so_keepalive=\d+:\d+:\d+;$/m);
  });

  it('site: the whole site, with a warning about the default server in its comments', () => {
    const text = snippet('target=nginx&nginx_form=site', 'nginx-conf');
    expect(text).toMatch(/^upstream backend \{$/m);
    expect(text).toMatch(/^server \{$/m);
    expect(text).toMatch(/default server of port 80/);
  });
});
