/**
 * The command-line tool `keepalive-config` (package.json `bin`, bundled by scripts/build-cli.mjs; from a clone
 * `npm run cli -- ...`). Thin (DESIGN.md): argument parsing and dispatch. The query form is argv -> run(query)
 * -> stdout; `probe` and `echo` belong to lib/probe/command.ts. Exit codes: 0 ok, 2 bad input, 1 failure.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FORMATS } from './catalog';
import { run, type Result } from './engine';
import { escapeText, shorten } from './escape';
import { MANAGE_KINDS, manageSnippet } from './manage';
import { echoMain, probeMain } from './probe/command';
import { siteUrlProblem } from './link';
import { fmt } from './render/snippet';
import { runbook } from './runbook';
import { FIELD_KEYS } from './schema';
import { detectionText, headlineText } from './summary';
import { errorLine } from './url';

/** 0 ok (an infeasible plan too: it is an answer), 2 bad input, 1 anything else. */
export const EXIT = { ok: 0, failure: 1, badInput: 2 } as const;

/** `--format` values: the renderings of lib/catalog.ts, then the config-management kinds of lib/manage/. */
export const CLI_FORMATS = [...FORMATS, ...MANAGE_KINDS] as const;
export type CliFormat = (typeof CLI_FORMATS)[number];

const USAGE = [
  `usage: keepalive-config 'QUERY' [--format ${CLI_FORMATS.join('|')}]`,
  '       keepalive-config probe|echo ... | --help | --version',
].join('\n');

/** What each config-management format prints (lib/manage/: only the kernel settings have an AKS form). */
const MANAGE_HELP = {
  ansible: 'Ansible tasks (the kernel and daemon settings)',
  'cloud-init': 'cloud-init user data (the same files)',
  'terraform-aks': "an AKS node pool's sysctls for Terraform (the kernel settings only)",
} as const satisfies Record<(typeof MANAGE_KINDS)[number], string>;

/** Words of `text` on lines of at most `width` characters, each after `indent`. */
function wrap(text: string, indent: string, width: number): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && (lines[last] ?? '').length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(indent + word);
  }
  return lines.join('\n');
}

const HELP = `Computes the TCP keepalive settings that keep an idle connection alive through the path's
firewalls, NATs and load balancers and detect a dead peer quickly, and prints them.

usage:
  keepalive-config [--format FORMAT] 'QUERY'   the settings for a query (options below)
  keepalive-config probe HOST:PORT [...]       measures the idle timeout of the path to HOST:PORT
  keepalive-config echo --listen ADDR:PORT     the far end for probe: a TCP echo server
  keepalive-config --help | --version

QUERY is the web page's query string, for example 'target=postgres&via=aws-natgw' or
'target=ssh&idle=120&goal=600', in single quotes (& means something to the shell); an empty
QUERY gives the defaults. Its keys:
${wrap(FIELD_KEYS.join(', '), '  ', 96)}

options:
  --format FORMAT  text (the default): the headline, the detection time per layer, warnings, snippets
                   json: input, shareQuery, survival, values, detection, snippets, warnings (and infeasible)
                   markdown: the runbook, as the page downloads it
${MANAGE_KINDS.map((k) => `                   ${k}: ${MANAGE_HELP[k]}`).join('\n')}
  --site-url URL   the page's address (https://... or http://..., no ? or #; or the environment
                   variable SITE_URL): every Reproduce line is then the full link, not ?v=1&...
  --               ends the options: the next argument is the QUERY even if it starts with -
  -h, --help       this help (after probe or echo: that subcommand's help)
  --version        the version

exit codes:
  0  ok, also when no values satisfy every constraint: that is the answer to a valid query
     (stdout says which constraint fails; json has "infeasible")
  1  failure: an unexpected error (one line on stderr), or a probe or echo that failed
  2  bad input: a bad query field (one line per field on stderr, nothing on stdout), an unknown
     option, a bad --format value, a bad argument
`;

// Replaced with package.json's version by the bundle (scripts/build-cli.mjs, esbuild `define`).
declare const KEEPALIVE_CONFIG_VERSION: string | undefined;

/** The package's version: injected into the bundle; read from the clone's package.json otherwise (tsx, vitest). */
export function version(): string {
  if (typeof KEEPALIVE_CONFIG_VERSION === 'string') return KEEPALIVE_CONFIG_VERSION;
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export interface CliOutput {
  readonly code: (typeof EXIT)[keyof typeof EXIT];
  readonly stdout: string;
  readonly stderr: string;
}

type Args =
  | { readonly kind: 'help' | 'version' }
  | { readonly kind: 'run'; readonly query: string; readonly format: CliFormat; readonly siteUrl: string | undefined };

/** What the query form reads from the environment: only the site's URL, the same setting as the page's build. */
export interface CliEnv {
  readonly SITE_URL?: string | undefined;
}

/** A user's argument inside a message: shortened and escaped as the codec shows a rejected value. */
const quote = (s: string) => `"${escapeText(shorten(s))}"`;

/** Reads argv; `--help` and `--version` win over a bad argument anywhere, else the first bad one is reported. */
function parseArgs(argv: readonly string[], env: CliEnv): Args | string {
  let query: string | undefined;
  let format: CliFormat = 'text';
  // An empty SITE_URL counts as unset, as a shell's `SITE_URL= cmd` means.
  let siteUrl: { value: string; from: string } | undefined = env.SITE_URL
    ? { value: env.SITE_URL, from: 'SITE_URL' }
    : undefined;
  let wants: 'help' | 'version' | undefined;
  let bad: string | undefined;
  const positional = (a: string) => {
    if (query === undefined) query = a;
    else bad ??= 'only one QUERY argument is allowed';
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') {
      argv.slice(i + 1).forEach(positional);
      break;
    }
    const value = a.startsWith('--format=') ? a.slice(9) : a === '--format' ? argv[++i] : undefined;
    if (value !== undefined || a === '--format') {
      const f = CLI_FORMATS.find((x) => x === value);
      if (f) format = f;
      else bad ??= `--format must be one of ${CLI_FORMATS.join(', ')}`;
    } else if (a === '--site-url' || a.startsWith('--site-url=')) {
      const url = a === '--site-url' ? argv[++i] : a.slice('--site-url='.length);
      if (url === undefined) bad ??= '--site-url needs a URL';
      else siteUrl = { value: url, from: '--site-url' };
    } else if (a === '--help' || a === '-h') wants = 'help';
    else if (a === '--version') wants ??= 'version';
    // `-` alone is an operand by convention; a query never starts with `-`, so this is a mistyped option.
    else if (a.startsWith('-') && a !== '-') bad ??= `${quote(a)} is not an option`;
    else positional(a);
  }
  if (wants) return { kind: wants };
  const problem = siteUrl && siteUrlProblem(siteUrl.value);
  if (siteUrl && problem !== undefined) bad ??= `${siteUrl.from}: ${quote(siteUrl.value)} ${problem}`;
  return bad ?? { kind: 'run', query: query ?? '', format, siteUrl: siteUrl?.value };
}

export function toJson(r: Result): unknown {
  const p = r.plan;
  return {
    input: p.input,
    shareQuery: p.shareQuery,
    ...(p.shareUrl !== undefined ? { shareUrl: p.shareUrl } : {}),
    // Stable keys: `failing` is null when every box is outlived (or none is known).
    survival: {
      before: { ok: p.survival.before.ok, failing: p.survival.before.failing ?? null },
      after: { ok: p.survival.after.ok, failing: p.survival.after.failing ?? null },
    },
    values: p.values,
    detection: p.detection.map(({ layer, label, before, after }) => ({ layer, label, before, after })),
    snippets: r.snippets.map(({ id, title, filename, destination, language, text }) => ({
      id,
      title,
      filename,
      destination,
      language,
      text,
    })),
    warnings: p.warnings.map(({ code, message }) => ({ code, message })),
    ...(p.infeasible ? { infeasible: p.infeasible } : {}),
  };
}

function toText(r: Result): string {
  const p = r.plan;
  const lines = [headlineText(p), detectionText(p), ''];
  for (const d of p.detection) lines.push(`${d.layer.padEnd(24)} ${fmt(d.before).padStart(16)} -> ${fmt(d.after)}`);
  for (const w of p.warnings) lines.push('', `warning ${w.code}: ${w.message}`);
  for (const s of r.snippets) lines.push('', `==> ${s.filename} (${s.destination})`, s.text.trimEnd());
  return lines.join('\n') + '\n';
}

function render(r: Result, format: CliFormat, siteUrl: string | undefined): string {
  switch (format) {
    case 'text':
      return toText(r);
    case 'json':
      return JSON.stringify(toJson(r), null, 2) + '\n';
    case 'markdown':
      return runbook(r.plan, r.snippets, { version: version(), siteUrl });
    case 'ansible':
    case 'cloud-init':
    case 'terraform-aks':
      return manageSnippet(format, r.plan, r.snippets).text;
    default:
      return format satisfies never;
  }
}

/** The query form on argv (without node and script): what to print and the exit code. May throw; main() catches. */
export function cli(argv: readonly string[], env: CliEnv = {}): CliOutput {
  const args = parseArgs(argv, env);
  if (typeof args === 'string') return { code: EXIT.badInput, stdout: '', stderr: `${args}\n${USAGE}\n` };
  if (args.kind !== 'run')
    return {
      code: EXIT.ok,
      stdout: args.kind === 'help' ? `keepalive-config ${version()}\n\n${HELP}` : `${version()}\n`,
      stderr: '',
    };
  const r = run(args.query, { siteUrl: args.siteUrl });
  if (r.errors.length > 0) {
    return { code: EXIT.badInput, stdout: '', stderr: r.errors.map((e) => `${errorLine(e)}\n`).join('') };
  }
  return { code: EXIT.ok, stdout: render(r, args.format, args.siteUrl), stderr: '' };
}

export interface Io {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
}
const processIo: Io = { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s) };

/** The whole command: dispatches `probe` and `echo` (their arguments, `--help` too, go to them), runs the query form otherwise. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === 'probe') return await probeMain(rest);
    if (first === 'echo') return await echoMain(rest);
    const out = cli(argv, { SITE_URL: process.env.SITE_URL });
    io.out(out.stdout);
    io.err(out.stderr);
    return out.code;
  } catch (e) {
    // One line, whatever the error carries: its message with line breaks and control characters flattened.
    const message = (e instanceof Error ? e.message : String(e)).replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').trim();
    io.err(`keepalive-config: ${message || 'unexpected error'}\n`);
    return EXIT.failure;
  }
}

/** True when this module is the process's script: `tsx lib/cli.ts`, or the bundle through npm's bin symlink. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
