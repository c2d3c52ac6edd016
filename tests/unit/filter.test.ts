// What the user runs: the query keys side, containers and lang, the table of snippet kinds, and render() and the runbook following them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { RunsField, selectedLanguages, toggledLanguage } from '../../components/inputs/RunsField';
import { TARGETS } from '../../lib/catalog';
import { run } from '../../lib/engine';
import { CODE_LANGUAGES, SNIPPET_KINDS } from '../../lib/filter';
import { runbook } from '../../lib/runbook';
import { parseQuery, writeQuery } from '../../lib/url';
import { validQuery } from './arbitraries';

const ids = (q: string) => run(q).snippets.map((s) => s.id);

describe('the query keys', () => {
  it('defaults show everything and write nothing', () => {
    const { input } = parseQuery('');
    expect([input.side, input.containers, input.lang]).toEqual([undefined, true, ['python', 'node', 'go', 'java']]);
    expect(writeQuery(input)).toBe('v=1');
    expect(writeQuery(parseQuery('containers=yes&lang=java,go,node,python').input)).toBe('v=1');
  });

  it.each([
    ['side=client', 'v=1&side=client'],
    ['side=server&containers=no', 'v=1&side=server&containers=no'],
    ['lang=java,python', 'v=1&lang=python,java'],
    ['lang=none', 'v=1&lang=none'],
    ['containers=no&lang=go&side=client&target=mysql', 'v=1&target=mysql&side=client&containers=no&lang=go'],
  ])('%s is written canonically as %s, and reads back the same', (q, canonical) => {
    const { input, errors } = parseQuery(q);
    expect(errors).toEqual([]);
    expect(writeQuery(input)).toBe(canonical);
    expect(parseQuery(canonical).input).toEqual(input);
  });

  it.each([
    ['side=both', 'side', 'must be one of client, server'],
    ['containers=0', 'containers', 'must be yes or no'],
    [
      'lang=rust',
      'lang',
      'must be distinct ids from python, node, go, java separated by commas, or none (unknown language "rust")',
    ],
    [
      'lang=go,go',
      'lang',
      'must be distinct ids from python, node, go, java separated by commas, or none (a language listed twice)',
    ],
    [
      'lang=',
      'lang',
      'must be distinct ids from python, node, go, java separated by commas, or none (unknown language "")',
    ],
    [
      'lang=none,go',
      'lang',
      'must be distinct ids from python, node, go, java separated by commas, or none (unknown language "none")',
    ],
  ])('%s is refused by name, and the rest applies', (q, field, message) => {
    const { input, errors } = parseQuery(`${q}&target=postgres`);
    expect(errors).toEqual([{ field, value: q.split('=')[1], message }]);
    expect(input.target).toBe('postgres');
  });

  it('any valid query with any filter survives the round trip (1000 runs)', () => {
    const filter = fc.record({
      side: fc.option(fc.constantFrom('client', 'server'), { nil: undefined }),
      containers: fc.option(fc.constantFrom('yes', 'no'), { nil: undefined }),
      lang: fc.option(
        fc.oneof(
          fc.constant('none'),
          fc.uniqueArray(fc.constantFrom(...CODE_LANGUAGES), { minLength: 1 }).map((a) => a.join(',')),
        ),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(validQuery, filter, (q, f) => {
        const p = new URLSearchParams(q);
        for (const [k, v] of Object.entries(f)) if (v !== undefined) p.set(k, v);
        const { input, errors } = parseQuery(p);
        expect(errors).toEqual([]);
        const written = writeQuery(input);
        expect(parseQuery(written).input).toEqual(input);
        expect(writeQuery(parseQuery(written).input)).toBe(written);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the table of snippet kinds', () => {
  it('names every snippet the engine makes, for every target, with config management', () => {
    const made = new Set(TARGETS.flatMap((t) => ids(`target=${t}&manage=ansible,cloud-init,terraform-aks`)));
    expect([...made].filter((id) => SNIPPET_KINDS[id] === undefined)).toEqual([]);
  });
});

describe('render follows the filter', () => {
  it('the default shows every snippet', () => {
    expect(ids('target=postgres')).toEqual([
      'postgresql-conf',
      'libpq',
      'psycopg',
      'pgbouncer-ini',
      'jdbc',
      'hikaricp',
      'sqlalchemy',
      'go-sql',
      'psycopg-pool',
      'node-postgres',
      'pgx',
      'sysctl',
      'docker',
      'compose',
      'kubernetes',
      'code-python',
      'code-node',
      'code-go',
      'code-java',
      'verify',
    ]);
  });

  it.each([
    [
      'target=ssh&side=client',
      [
        'ssh-config',
        'sysctl',
        'docker',
        'compose',
        'kubernetes',
        'code-python',
        'code-node',
        'code-go',
        'code-java',
        'verify',
      ],
    ],
    ['target=ssh&side=server&containers=no&lang=none', ['sshd-config', 'sysctl', 'verify']],
    [
      'target=postgres&side=client&lang=python',
      [
        'libpq',
        'psycopg',
        'pgbouncer-ini',
        'sqlalchemy',
        'psycopg-pool',
        'sysctl',
        'docker',
        'compose',
        'kubernetes',
        'code-python',
        'verify',
      ],
    ],
    [
      'target=postgres&side=server&containers=no',
      ['postgresql-conf', 'pgbouncer-ini', 'sysctl', 'code-python', 'code-node', 'code-go', 'code-java', 'verify'],
    ],
    [
      'target=mysql&lang=node,java&containers=no',
      ['my-cnf', 'connector-j', 'hikaricp', 'mysql2-pool', 'sysctl', 'code-node', 'code-java', 'verify'],
    ],
    ['target=nginx&side=server&lang=none', ['sysctl', 'docker', 'compose', 'kubernetes', 'verify']],
    // The app behind nginx accepts nginx's connections: its snippet is the server end's.
    [
      'target=nginx&app=node&side=server&lang=none',
      ['app-server', 'sysctl', 'docker', 'compose', 'kubernetes', 'verify'],
    ],
    ['target=nginx&app=node&side=client&containers=no&lang=none', ['nginx-conf', 'sysctl', 'verify']],
  ])('%s shows %j', (q, expected) => {
    expect(ids(q)).toEqual(expected);
  });

  it('config management is built from what the filter keeps', () => {
    const r = run('target=ssh&side=client&containers=no&lang=none&manage=ansible');
    expect(r.snippets.map((s) => s.id)).toEqual(['ssh-config', 'sysctl', 'verify', 'ansible']);
    const ansible = r.snippets.find((s) => s.id === 'ansible')?.text ?? '';
    expect(ansible).toContain('ssh_config');
    expect(ansible).not.toContain('sshd_config.d');
  });

  it('the runbook follows it: the cards shown, what is left out, and no warning about a hidden card', () => {
    const r = run('target=postgres&side=client&containers=no&lang=python');
    const md = runbook(r.plan, r.snippets);
    expect(md).toContain('Shown: only the end that connects (client); no container settings; code in Python only.');
    const titles = md.split('\n').filter((l) => l.startsWith('## ') && l !== '## Warnings');
    expect(titles).toEqual(r.snippets.map((s) => `## ${s.title}`));
    expect(md).not.toContain('postgres-unix-socket');
    expect(md).not.toContain('jdbc-keepalive-switch-only');
    expect(md).not.toContain('container-sysctls');
    expect(runbook(run('target=postgres').plan, run('target=postgres').snippets)).not.toContain('Shown:');
  });
});

describe('the control', () => {
  it('lang toggles: the default is every language, none is written as none', () => {
    expect(selectedLanguages('')).toEqual(CODE_LANGUAGES);
    expect(toggledLanguage('', 'go', false)).toBe('python,node,java');
    expect(toggledLanguage('python', 'python', false)).toBe('none');
    expect(toggledLanguage('none', 'java', true)).toBe('java');
    expect(toggledLanguage('python,node,java', 'go', true)).toBe('');
  });

  it('renders labelled radios and checkboxes checked from the query, and the codec message when refused', () => {
    const html = (raw: Record<string, string>, errors = {}) =>
      renderToStaticMarkup(createElement(RunsField, { raw, errors, onChange: () => undefined }));
    // Each input as name=value, with a * when checked, in page order.
    const inputs = (h: string) =>
      [...h.matchAll(/<input ([^>]*)\/>/g)].map(([, attrs = '']) => {
        const attr = (n: string) => new RegExp(`\\b${n}="([^"]*)"`).exec(attrs)?.[1];
        return `${attr('name')}=${attr('value') ?? 'on'}${attr('checked') !== undefined ? '*' : ''}`;
      });
    expect(inputs(html({}))).toEqual([
      'side=*',
      'side=client',
      'side=server',
      'containers=on*',
      'lang=python*',
      'lang=node*',
      'lang=go*',
      'lang=java*',
    ]);
    expect(inputs(html({ side: 'client', containers: 'no', lang: 'go' }))).toEqual([
      'side=',
      'side=client*',
      'side=server',
      'containers=on',
      'lang=python',
      'lang=node',
      'lang=go*',
      'lang=java',
    ]);
    expect(html({})).toContain('>the end that connects (client)</label>');
    const e = html({ lang: 'rust' }, { lang: { field: 'lang', value: 'rust', message: 'must be distinct ids' } });
    expect(e).toContain('role="alert"');
    expect(e).toContain('lang: must be distinct ids');
  });
});
