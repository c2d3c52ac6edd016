// The CLI on hostile queries and arguments: the same codec, exit 2, the same messages, stdout empty (issue 7).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cli } from '../../../lib/cli';
import { errorLine, MAX_QUERY_LENGTH, parseQuery } from '../../../lib/url';
import { hostileQuery } from './arbitraries';
import { PRINTABLE } from './invariants';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

describe('the CLI on hostile queries', () => {
  it('exits 2 with one printable line per rejected field and nothing on stdout, else 0 (1000 queries)', () => {
    fc.assert(
      fc.property(hostileQuery, fc.constantFrom('json', 'text', 'markdown'), (q, format) => {
        const { errors } = parseQuery(q);
        // After `--`: a generated query may start with `-`, which the CLI would otherwise read as an option.
        const out = cli(['--format', format, '--', q]);
        if (errors.length === 0) {
          expect(out.code).toBe(0);
          expect(out.stderr).toBe('');
          return;
        }
        expect(out.code).toBe(2);
        expect(out.stdout).toBe('');
        const lines = out.stderr.replace(/\n$/, '').split('\n');
        expect(lines).toHaveLength(errors.length);
        lines.forEach((line, i) => {
          expect(PRINTABLE.test(line), JSON.stringify(line)).toBe(true);
          const e = errors[i];
          expect(line.startsWith(`${e?.field}: `) && line.endsWith(e?.message ?? '')).toBe(true);
        });
      }),
      { numRuns: 1000 },
    );
  }, 60_000);
});

/** What the CLI prints for each rejected field: the codec's own error, one line each. */
const expectedStderr = (q: string) =>
  parseQuery(q)
    .errors.map((e) => `${errorLine(e)}\n`)
    .join('');

const HOSTILE_QUERIES = [
  'host=%0aProxyCommand%20x',
  'upstream=a;include%20/etc/passwd',
  'dbhost=%27%20sslmode=disable',
  'target=%3Cscript%3Ealert(1)%3C/script%3E',
  'via=__proto__',
  '__proto__[x]=1&constructor=2',
  'idle=1e309',
  'idle=NaN&goal=Infinity&keepalive=-1:1.5:1e3',
  'x%0Aidle%3A%20%221%22%20must%20be%20forged=1',
  '%1B%5B2J%1B%5B31m=1',
  'via=%C2%9B31m',
  'host=%E2%80%AEevil',
  'target=ssh&target=mysql',
  `host=${'a'.repeat(3000)}`,
];

describe('the CLI on named hostile queries', () => {
  it.each(HOSTILE_QUERIES.map((q) => [q.length > 80 ? `${q.slice(0, 77)}...` : q, q]))(
    '%s: exit 2, the codec messages, stdout empty',
    (_, q) => {
      for (const format of ['text', 'json', 'markdown']) {
        const out = cli([q, '--format', format]);
        expect(out).toEqual({ code: 2, stdout: '', stderr: expectedStderr(q) });
        // One line per rejected field: a key or value cannot forge a line of its own.
        expect(out.stderr.split('\n')).toHaveLength(parseQuery(q).errors.length + 1);
        for (const line of out.stderr.replace(/\n$/, '').split('\n'))
          expect(PRINTABLE.test(line), JSON.stringify(line)).toBe(true);
      }
    },
  );

  it(`a query longer than ${MAX_QUERY_LENGTH} characters is refused with a notice naming the limit`, () => {
    const q = `target=mysql&host=${'a'.repeat(MAX_QUERY_LENGTH)}`;
    const out = cli([q, '--format=json']);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(
      new RegExp(
        `^query: ".{57}\\.\\.\\." is longer than ${MAX_QUERY_LENGTH} characters and was ignored; the defaults apply\\n$`,
      ),
    );
  });

  it('a query of exactly the cap is parsed, one character more is refused', () => {
    const pad = (n: number) => `target=mysql&idle=60&x=${'a'.repeat(n - 'target=mysql&idle=60&x='.length)}`;
    expect(pad(MAX_QUERY_LENGTH)).toHaveLength(MAX_QUERY_LENGTH);
    expect(cli([pad(MAX_QUERY_LENGTH)]).stderr).toMatch(/^x: "a+\.\.\." is not a known parameter/);
    expect(cli([pad(MAX_QUERY_LENGTH + 1)]).stderr).toMatch(/^query: .* is longer than 2048 characters/);
  });

  it.each([
    [
      ['target=ssh', '--format', 'evil'],
      '--format must be one of text, json, markdown, ansible, cloud-init, terraform-aks',
    ],
    [['target=ssh', '--format'], '--format must be one of text, json, markdown, ansible, cloud-init, terraform-aks'],
    [
      ['target=ssh', '--format=$(id)'],
      '--format must be one of text, json, markdown, ansible, cloud-init, terraform-aks',
    ],
    [['target=ssh', 'target=mysql'], 'only one QUERY argument is allowed'],
    [['target=ssh', '-oProxyCommand=x'], '"-oProxyCommand=x" is not an option'],
    [['--\u001b[2J\n\u202e'], '"--\\u001b[2J\\n\\u202e" is not an option'],
  ])('bad arguments %j exit 2 with the usage and nothing on stdout', (argv, message) => {
    const out = cli(argv);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(
      `${message}\nusage: keepalive-config 'QUERY' [--format text|json|markdown|ansible|cloud-init|terraform-aks]\n       keepalive-config probe|echo ... | --help | --version\n`,
    );
  });

  it('the installed entry point behaves the same in a real process', () => {
    const q = 'host=%0aProxyCommand%20x&target=%3Cscript%3E';
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'lib/cli.ts', q, '--format', 'json'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(expectedStderr(q));
  }, 40_000);
});
