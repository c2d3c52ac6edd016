// The runbook's Markdown shows queries and text character for character (issue 17). No Markdown
// parser is installed (node_modules has none), so this reads lines by the CommonMark 0.31 rules
// that matter here: backslash escapes (2.4), code spans (6.1), emphasis delimiters (6.2), and GFM
// table cells (4.10), and fails on anything that would start markup.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from '../../lib/engine';
import { code, runbook, text } from '../../lib/runbook';
import { fmt } from '../../lib/render/snippet';

const PUNCT = /[!-/:-@[-`{-~]/;
const ALNUM = /[A-Za-z0-9]/;

interface Inline {
  /** What a renderer shows, code spans included. */
  readonly shown: string;
  /** The code spans' contents, in order. */
  readonly spans: readonly string[];
  /** Unescaped characters outside code spans that can start or end markup. */
  readonly active: readonly string[];
}

/** One line of inline content by the CommonMark rules above. */
function inline(line: string): Inline {
  let shown = '';
  const spans: string[] = [];
  const active: string[] = [];
  for (let i = 0; i < line.length;) {
    const c = line.charAt(i);
    if (c === '\\' && PUNCT.test(line.charAt(i + 1))) {
      shown += line.charAt(i + 1);
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(line.slice(i))?.[0] ?? '`';
      // The closing string is a backtick run of exactly the same length.
      const close = new RegExp(`(?<!\`)${run}(?!\`)`, 'g');
      close.lastIndex = i + run.length;
      const m = close.exec(line);
      if (!m) {
        active.push(run);
        shown += run;
        i += run.length;
        continue;
      }
      let content = line.slice(i + run.length, m.index);
      if (content.startsWith(' ') && content.endsWith(' ') && /[^ ]/.test(content)) content = content.slice(1, -1);
      spans.push(content);
      shown += content;
      i = m.index + run.length;
      continue;
    }
    const prev = line.charAt(i - 1);
    const next = line.charAt(i + 1);
    const intraword = ALNUM.test(prev) && ALNUM.test(next);
    if ('*<&~'.includes(c) || (c === '_' && !intraword) || (c === '(' && prev === ']')) active.push(c);
    shown += c;
    i++;
  }
  return { shown, spans, active };
}

/** GFM table cells: split at unescaped pipes, outer pipes and padding dropped. */
function cells(row: string): string[] {
  const parts = row.split(/(?<!\\)\|/).slice(1, -1);
  return parts.map((p) => p.trim().replace(/\\\|/g, '|'));
}

describe('code spans', () => {
  it('a host=*bastion* query reads as itself on the Reproduce line, not as emphasis', () => {
    const r = run('host=*bastion*');
    expect(r.errors).toEqual([]);
    const line =
      runbook(r.plan, r.snippets)
        .split('\n')
        .find((l) => l.startsWith('Reproduce: ')) ?? '';
    const parsed = inline(line);
    expect(parsed.active).toEqual([]);
    expect(parsed.spans).toEqual([`?${r.plan.shareQuery}`]);
    expect(parsed.shown).toBe(`Reproduce: ?${r.plan.shareQuery}`);
    expect(r.plan.shareQuery).toContain('*bastion*');
  });

  it('code(s) shows any one-line text exactly: backtick runs, leading and trailing spaces (3000 strings)', () => {
    const s = fc.string({
      unit: fc.constantFrom('`', '``', ' ', 'a', '*', '_', '\\', '|', '<'),
      minLength: 1,
      maxLength: 20,
    });
    fc.assert(
      fc.property(s, (t) => {
        const parsed = inline(`x ${code(t)} y`);
        expect(parsed.spans).toEqual([t]);
        expect(parsed.shown).toBe(`x ${t} y`);
        expect(parsed.active).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('plain text', () => {
  it('text(t) renders as t with nothing left that starts markup (3000 strings)', () => {
    const t = fc.string({
      unit: fc.constantFrom(
        '*',
        '_',
        '`',
        '\\',
        '[',
        ']',
        '(',
        ')',
        '<',
        '>',
        '&',
        '~',
        '|',
        '!',
        '#',
        'a',
        '1',
        ' ',
        '×',
        'tcp_keepalives_',
      ),
      maxLength: 30,
    });
    fc.assert(
      fc.property(t, (s) => {
        const parsed = inline(text(s));
        expect(parsed.active).toEqual([]);
        expect(parsed.spans).toEqual([]);
        expect(parsed.shown).toBe(s);
      }),
      { numRuns: 3000 },
    );
  });

  it('option names stay readable: an underscore inside a word is not escaped', () => {
    expect(text('tcp_keepalives_idle and SO_KEEPALIVE')).toBe('tcp_keepalives_idle and SO_KEEPALIVE');
    expect(text('tcp_keepalives_* and _cluster')).toBe('tcp_keepalives\\_\\* and \\_cluster');
  });
});

describe('whole runbooks', () => {
  const QUERIES = [
    'host=*bastion*',
    'host=a*b* !*c*&alive=60:5',
    'target=postgres',
    'target=postgres&via=aws-natgw&dbhost=db-1.internal',
    'target=nginx&via=aws-alb',
    'target=ssh&via=heroku-router',
    'goal=3',
  ];

  it.each(QUERIES)('%s: every line outside the fences shows its text, and the table its cells', (q) => {
    const r = run(q);
    expect(r.errors).toEqual([]);
    const lines = runbook(r.plan, r.snippets).split('\n');
    let fence: string | undefined;
    const rows: string[] = [];
    for (const line of lines) {
      const f = /^`{3,}/.exec(line)?.[0];
      if (fence !== undefined) {
        if (line === fence) fence = undefined;
        continue;
      }
      if (f !== undefined) {
        fence = f;
        continue;
      }
      if (line.startsWith('| ')) rows.push(line);
      // Bold is the runbook's own markup: the headline and each warning's code.
      const parsed = inline(line.replace(/^\*\*|\*\*(?= )|(?<=^- )\*\*|\*\*(?=:)/g, ''));
      expect(parsed.active, line).toEqual([]);
    }
    expect(fence).toBeUndefined();
    const body = rows.slice(2).map((row) => cells(row).map((c) => inline(c).shown));
    expect(body).toEqual(r.plan.detection.map((d) => [d.label, fmt(d.before), fmt(d.after), d.after.formula]));
  });
});
