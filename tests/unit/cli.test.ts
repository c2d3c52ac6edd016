// The CLI is thin: the same codec, the same runbook, exit 2 on a bad query with nothing on stdout.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli, main, type Io } from '../../lib/cli';
import { LINUX_DEFAULTS, LINUX_RETRIES2, idleKeepalive, retransmissionAbort } from '../../lib/detection';
import { run } from '../../lib/engine';
import { GO_DEFAULTS } from '../../lib/targets/code';
import { manageSnippet } from '../../lib/manage';
import { echoMain, probeMain } from '../../lib/probe/command';
import { runbook } from '../../lib/runbook';
import { errorLine } from '../../lib/url';
import { render } from '../../lib/render';
import { detectionText, headlineText } from '../../lib/summary';

// The subcommands and the config-management snippets are other modules: here only the dispatch to them is tested.
vi.mock('../../lib/probe/command', () => ({ probeMain: vi.fn(async () => 0), echoMain: vi.fn(async () => 0) }));
vi.mock('../../lib/manage', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../lib/manage')>();
  return { ...real, manageSnippet: vi.fn(real.manageSnippet) };
});
afterEach(() => vi.clearAllMocks());

describe('cli', () => {
  it('prints the JSON contract', () => {
    const out = cli(['target=postgres&via=aws-natgw', '--format', 'json']);
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      'input',
      'shareQuery',
      'survival',
      'values',
      'detection',
      'snippets',
      'warnings',
    ]);
    expect(json.shareQuery).toBe('v=1&target=postgres&via=aws-natgw');
    const layers = (
      json.detection as { layer: string; before: { worstCaseSeconds: number | null; situation: string } }[]
    ).map((d) => [d.layer, d.before.worstCaseSeconds, d.before.situation]);
    // Before: the kernel defaults; a write into the dead path adds the tcp_retries2 model (FACTS.md sections 1 and 10).
    const k = idleKeepalive(LINUX_DEFAULTS).worstCaseSeconds!;
    const written = k + retransmissionAbort(LINUX_RETRIES2);
    expect(layers).toEqual([
      ['linux', k, 'idle'],
      ['libpq', written, 'waiting-for-reply'],
      ['postgres-server', written, 'writing-result'],
      ['pgbouncer', written, 'writing-result'],
      // The pools' worst: SQLAlchemy or psycopg_pool on libpq's OS keepalive, a query written just before it ends.
      ['pool', written, 'waiting-for-reply'],
      ['code-python', null, 'idle'],
      ['code-node', null, 'idle'],
      ['code-go', idleKeepalive(GO_DEFAULTS).worstCaseSeconds, 'idle'],
      ['code-java', null, 'idle'],
    ]);
    // The defaults' T + I = 7275 s is far above the NAT Gateway's 350 s (FACTS.md section 8); the plan's is not.
    expect(json.survival).toEqual({
      before: { ok: false, failing: { box: 'aws-natgw', seconds: 350, kind: 'packet' } },
      after: { ok: true, failing: null },
    });
    const ids = (json.snippets as { id: string }[]).map((s) => s.id);
    expect(ids).toEqual([
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

  it('includes why when no values fit', () => {
    const json = JSON.parse(cli(['goal=2', '--format=json']).stdout) as {
      infeasible?: { constraint: string };
      snippets: unknown[];
    };
    expect(json.infeasible?.constraint).toBe('goal');
    expect(json.snippets).toEqual([]);
  });

  it('prints the same runbook as the page exports', () => {
    const q = 'target=ssh&idle=120&goal=600';
    const r = run(q);
    expect(cli([q, '--format', 'markdown']).stdout).toBe(runbook(r.plan, r.snippets, { version: VERSION }));
  });

  it('exits 2 with one line per bad field and nothing on stdout', () => {
    const out = cli(['target=db&idle=0&goal=1h']);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.trim().split('\n')).toEqual([
      'target: "db" must be one of ssh, postgres, mysql, nginx, elasticsearch, redis, grpc',
      'idle: "0" must be a whole number of seconds from 1 to 604800 (5m, 1h also accepted)',
    ]);
  });

  it('prints a rejected value as the codec escaped it, once: quoted, a line break as \\n, a quote as \\"', () => {
    const q = 'host=a%0a%22b';
    const [e] = run(q).errors;
    expect(cli([q]).stderr).toBe(`host: "a\\n\\"b" ${e?.message}\n`);
  });

  it('exits 2 on a bad format or extra arguments', () => {
    expect(cli(['', '--format', 'yaml']).code).toBe(2);
    expect(cli(['a', 'b']).code).toBe(2);
    expect(cli(['a', '--', 'b']).code).toBe(2);
  });

  it('defaults to text with the headline first', () => {
    // The engine's headline (lib/summary.ts, whose own tests fix its wording), then its survival line.
    const r = run('');
    expect(cli([]).stdout.split('\n').slice(0, 2)).toEqual([headlineText(r.plan), detectionText(r.plan)]);
  });
});

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe('cli arguments', () => {
  it('--help and -h print the usage, the formats, the subcommands and the exit codes on stdout, exit 0', () => {
    for (const flag of ['--help', '-h']) {
      const out = cli([flag]);
      expect(out.code).toBe(0);
      expect(out.stderr).toBe('');
      expect(out.stdout.split('\n')[0]).toBe(`keepalive-config ${VERSION}`);
      expect(out.stdout).toContain("keepalive-config [--format FORMAT] 'QUERY'");
      expect(out.stdout).toContain('keepalive-config probe HOST:PORT');
      expect(out.stdout).toContain('keepalive-config echo --listen ADDR:PORT');
      for (const f of ['text (the default)', 'json:', 'markdown:', 'ansible:', 'cloud-init:', 'terraform-aks:'])
        expect(out.stdout).toContain(f);
      expect(out.stdout).toMatch(/^ {2}0 {2}ok, also when no values satisfy every constraint/m);
      expect(out.stdout).toMatch(/^ {2}1 {2}failure/m);
      expect(out.stdout).toMatch(/^ {2}2 {2}bad input: a bad query field/m);
    }
  });

  it('--help and --version win over a bad argument anywhere', () => {
    expect(cli(['--frmat', 'a', 'b', '--help']).code).toBe(0);
    expect(cli(['--format', 'yaml', '--version'])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    expect(cli(['--version', '--help']).stdout).toContain('usage:');
  });

  it("--version prints package.json's version", () => {
    expect(cli(['--version'])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it.each([['--frmat'], ['-x'], ['--formats=json'], ['--help=1'], ['--Format', 'json']])(
    '%s is a bad flag: exit 2, named on stderr, nothing on stdout',
    (...argv) => {
      const out = cli(['target=ssh', ...argv]);
      expect(out.code).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr.split('\n')[0]).toBe(`${JSON.stringify(argv[0])} is not an option`);
    },
  );

  it('a long or unprintable flag is cut and escaped, one line', () => {
    const out = cli([`--${'x'.repeat(100)}\n\u001b[31m`]);
    expect(out.stderr.split('\n')[0]).toBe(`"--${'x'.repeat(55)}..." is not an option`);
    expect(cli(['-\u202e\n"\\']).stderr.split('\n')[0]).toBe('"-\\u202e\\n\\"\\\\" is not an option');
  });

  it('after --, an argument starting with - is the query; a lone - is a query too', () => {
    expect(cli(['--', 'target=mysql', '--format', 'json']).code).toBe(2);
    expect(cli(['--format', 'json', '--', 'target=mysql']).stdout).toBe(cli(['target=mysql', '--format=json']).stdout);
    const dash = cli(['--', '-idle=5']);
    expect(dash.code).toBe(2);
    expect(dash.stderr).toBe(
      run('-idle=5')
        .errors.map((e) => `${errorLine(e)}\n`)
        .join(''),
    );
    expect(dash.stderr.startsWith('-idle: ')).toBe(true);
    expect(cli(['-']).stderr.startsWith('-: ')).toBe(true);
  });

  it('a plan with no values that fit is an answer: exit 0, the reason on stdout, stderr empty', () => {
    const out = cli(['goal=2']);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
    expect(out.stdout.split('\n')[0]).toMatch(/^No values fit: .*goal of 2 s/);
  });

  it.each(['ansible', 'cloud-init', 'terraform-aks'] as const)(
    '--format %s prints manageSnippet(kind, plan, snippets).text',
    (kind) => {
      const q = 'target=postgres&via=aws-natgw';
      vi.mocked(manageSnippet).mockReturnValueOnce({ ...run(q).snippets[0]!, text: `${kind} text\n` });
      expect(cli([q, '--format', kind])).toEqual({ code: 0, stdout: `${kind} text\n`, stderr: '' });
      const r = run(q);
      expect(vi.mocked(manageSnippet).mock.calls).toEqual([[kind, r.plan, r.snippets]]);
    },
  );

  it('a bad query with a config-management format is refused before any snippet is made', () => {
    expect(cli(['target=db', '--format=ansible']).code).toBe(2);
    expect(manageSnippet).not.toHaveBeenCalled();
  });
});

/** An Io that keeps what main() writes. */
function capture(): Io & { readonly written: { out: string; err: string } } {
  const written = { out: '', err: '' };
  return { written, out: (s) => void (written.out += s), err: (s) => void (written.err += s) };
}

describe('main: dispatch and exit codes', () => {
  it.each([
    ['probe', probeMain],
    ['echo', echoMain],
  ] as const)(
    '%s and everything after it, --help too, go to the subcommand; its code is the exit code',
    async (name, fn) => {
      vi.mocked(fn).mockResolvedValueOnce(2);
      const io = capture();
      const rest = name === 'probe' ? ['db.internal:5432', '--help'] : ['--listen', '127.0.0.1:7000', '--help'];
      expect(await main([name, ...rest], io)).toBe(2);
      expect(vi.mocked(fn).mock.calls).toEqual([[rest]]);
      expect(io.written).toEqual({ out: '', err: '' });
    },
  );

  it('a subcommand name anywhere but first is not one', async () => {
    const io = capture();
    expect(await main(['--format', 'json', 'probe'], io)).toBe(2);
    expect(probeMain).not.toHaveBeenCalled();
    expect(io.written.err.startsWith('probe: ')).toBe(true);
  });

  it('the query form writes what cli() returns and exits with its code', async () => {
    for (const argv of [['target=ssh&idle=120'], ['target=db&idle=0'], ['--frmat'], ['--help']]) {
      const io = capture();
      const out = cli(argv);
      expect(await main(argv, io)).toBe(out.code);
      expect(io.written).toEqual({ out: out.stdout, err: out.stderr });
    }
  });

  it('an unexpected error exits 1 with one line on stderr and nothing on stdout', async () => {
    vi.mocked(manageSnippet).mockImplementationOnce(() => {
      throw new Error('broken\nsecond line\u2028third');
    });
    const io = capture();
    expect(await main(['target=ssh', '--format', 'ansible'], io)).toBe(1);
    expect(io.written).toEqual({ out: '', err: 'keepalive-config: broken second line third\n' });
  });

  it('a subcommand that rejects, or throws a non-Error, exits 1 with one line', async () => {
    vi.mocked(probeMain).mockRejectedValueOnce(new Error('socket gone'));
    const io = capture();
    expect(await main(['probe', 'h:1'], io)).toBe(1);
    expect(io.written.err).toBe('keepalive-config: socket gone\n');
    vi.mocked(echoMain).mockRejectedValueOnce('');
    const io2 = capture();
    expect(await main(['echo'], io2)).toBe(1);
    expect(io2.written.err).toBe('keepalive-config: unexpected error\n');
  });
});

describe('--site-url and SITE_URL', () => {
  const Q = 'target=postgres&via=aws-natgw';
  const FULL = 'https://keepalive.example.org/tools?v=1&target=postgres&via=aws-natgw';
  // Header lines only (a config-management snippet quotes other snippets' headers, indented); # or // by language.
  const reproduce = (text: string) =>
    text
      .split('\n')
      .filter((l) => /^(# |\/\/ )?Reproduce: /.test(l))
      .map((l) => l.replace(/^\/\/ /, '# '));

  it('every snippet header and the runbook carry the full link; without it the relative query stays', () => {
    const json = JSON.parse(
      cli([Q, '--format', 'json', '--site-url', 'https://keepalive.example.org/tools']).stdout,
    ) as { shareUrl: string; snippets: { text: string }[] };
    expect(json.shareUrl).toBe(FULL);
    expect(json.snippets.length).toBeGreaterThan(5);
    for (const s of json.snippets) expect(reproduce(s.text)).toEqual([`# Reproduce: ${FULL}`]);
    expect(
      reproduce(cli([Q, '--format', 'markdown', `--site-url=https://keepalive.example.org/tools`]).stdout)[0],
    ).toBe(`Reproduce: <${FULL}>`);
    const plain = JSON.parse(cli([Q, '--format', 'json']).stdout) as {
      shareUrl?: string;
      snippets: { text: string }[];
    };
    expect(plain.shareUrl).toBeUndefined();
    for (const s of plain.snippets)
      expect(reproduce(s.text)).toEqual(['# Reproduce: ?v=1&target=postgres&via=aws-natgw']);
  });

  it('the text and config-management formats carry it too, and equal render() given the same URL', () => {
    const r = run(Q);
    const snippets = render(r.plan, { siteUrl: 'https://keepalive.example.org/tools' });
    const text = cli([Q, '--site-url', 'https://keepalive.example.org/tools']).stdout;
    for (const s of snippets) expect(text).toContain(s.text.trimEnd());
    expect(
      reproduce(cli([Q, '--format', 'ansible', '--site-url', 'https://keepalive.example.org/tools']).stdout),
    ).toEqual([`# Reproduce: ${FULL}`]);
  });

  it('SITE_URL is the same setting; --site-url wins over it; an empty one is unset', () => {
    const env = { SITE_URL: 'http://intranet.example:8080/' };
    expect(reproduce(cli([Q, '--format', 'markdown'], env).stdout)[0]).toBe(
      'Reproduce: <http://intranet.example:8080/?v=1&target=postgres&via=aws-natgw>',
    );
    expect(
      reproduce(cli([Q, '--format', 'markdown', '--site-url', 'https://keepalive.example.org/tools'], env).stdout)[0],
    ).toBe(`Reproduce: <${FULL}>`);
    expect(reproduce(cli([Q, '--format', 'markdown'], { SITE_URL: '' }).stdout)[0]).toBe(
      'Reproduce: `?v=1&target=postgres&via=aws-natgw`',
    );
  });

  it.each([
    [['--site-url', 'ftp://example.org/'], '--site-url: "ftp://example.org/" must start with https:// or http://'],
    [
      ['--site-url', 'https://example.org/?x=1'],
      '--site-url: "https://example.org/?x=1" must not have a query (?...): the state is the query',
    ],
    [
      ['--site-url', 'https://example.org/#top'],
      '--site-url: "https://example.org/#top" must not have a fragment (#...)',
    ],
    [['--site-url', 'example.org'], '--site-url: "example.org" is not an absolute URL'],
    [['--site-url'], '--site-url needs a URL'],
  ])('%j is refused with exit 2 and one line naming the flag', (args, line) => {
    const out = cli([Q, ...args]);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.split('\n')[0]).toBe(line);
  });

  it('a bad SITE_URL is named as such', () => {
    const out = cli([Q], { SITE_URL: 'https://user:pw@example.org/' });
    expect(out.code).toBe(2);
    expect(out.stderr.split('\n')[0]).toBe(
      'SITE_URL: "https://user:pw@example.org/" must not hold a user name or password',
    );
  });

  it('the runbook names the version that made it', () => {
    expect(cli([Q, '--format', 'markdown']).stdout.split('\n')[2]).toBe(`Made by keepalive-config ${VERSION}.`);
  });
});
