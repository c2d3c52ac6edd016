/** The Markdown runbook: the same for the page's export and the CLI's --format markdown. */
import { TARGET_LABELS } from './catalog';
import { filterText, isShown } from './filter';
import { shareLink } from './link';
import { fmt, inputsLine } from './render/snippet';
import { detectionText, headlineText } from './summary';
import type { Plan, Snippet } from './types';

/** The longest run of backticks in the text (0 when there is none). */
const longestTicks = (text: string) => Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));

/** A fence longer than any backtick run in the text, so no snippet can close it early. */
function fence(text: string): string {
  return '`'.repeat(Math.max(3, longestTicks(text) + 1));
}

/**
 * A code span that shows `s` (one non-empty line) character for character (CommonMark 0.31,
 * section 6.1): its backtick string is longer than any run inside, and one space pads each side when
 * `s` starts or ends with a backtick, or starts and ends with a space, since a renderer strips one
 * such pair. Not for table cells, where a `|` would end the cell (GFM 4.10).
 */
export function code(s: string): string {
  const ticks = '`'.repeat(longestTicks(s) + 1);
  const pad =
    s.startsWith('`') || s.endsWith('`') || (s.startsWith(' ') && s.endsWith(' ') && /[^ ]/.test(s)) ? ' ' : '';
  return `${ticks}${pad}${s}${pad}${ticks}`;
}

/**
 * Plain text that renders as itself: a backslash (CommonMark 0.31 section 2.4) before each
 * character that can start or end inline markup here: \ ` * < & ~ and | (a table cell's end,
 * GFM 4.10); _ unless it stands between two ASCII letters or digits, where it can neither open nor
 * close emphasis (section 6.2), so option names such as tcp_keepalives_idle stay readable; and a (
 * right after ], so brackets never make a link: the runbook holds no link reference definitions.
 * No line of the runbook starts with such text, so block markup (#, -, >) cannot arise.
 */
export function text(s: string): string {
  return s.replace(/[\\`*<&~|]|_(?![A-Za-z0-9])|(?<![A-Za-z0-9])_|(?<=\])\(/g, '\\$&');
}

/** What the runbook says besides the plan: data from the build or the command line (lib/ reads no environment). */
export interface RunbookOptions {
  /** The version of keepalive-config that made it (package.json `version`). */
  readonly version?: string;
  /** The site's URL (lib/link.ts): the Reproduce line is then the full link. */
  readonly siteUrl?: string;
}

/**
 * The link that reproduces the state. A full URL is an autolink (CommonMark 0.31 section 6.5), so a
 * renderer makes it clickable: the URL parser has percent-encoded space, < and > in the site's
 * URL, and the codec's query never holds them; anything else stays a code span.
 */
function reproduce(plan: Plan, siteUrl: string | undefined): string {
  const link = shareLink(plan.shareQuery, siteUrl);
  return siteUrl !== undefined && /^https?:\/\/[^\s<>\p{Cc}]+$/u.test(link) ? `<${link}>` : code(link);
}

/** Markdown: the title, who made it, the inputs and the link, the answer, the table, the warnings, then the snippets given. */
export function runbook(plan: Plan, snippets: readonly Snippet[], options: RunbookOptions = {}): string {
  const shown = filterText(plan.input);
  // A warning about a snippet the filter hides goes with it (lib/filter.ts).
  const warnings = plan.warnings.filter((w) => w.concerns === undefined || isShown(plan.input, w.concerns));
  const out: string[] = [
    `# Keepalive runbook: ${text(TARGET_LABELS[plan.input.target])}`,
    '',
    ...(options.version === undefined ? [] : [text(`Made by keepalive-config ${options.version}.`)]),
    text(inputsLine(plan)),
    ...(shown === undefined ? [] : [text(shown)]),
    `Reproduce: ${reproduce(plan, options.siteUrl)}`,
    '',
    `**${text(headlineText(plan))}** ${text(detectionText(plan))}`,
    '',
    '| layer | before | after | formula (after) |',
    '| --- | --- | --- | --- |',
    ...plan.detection.map(
      (d) => `| ${text(d.label)} | ${text(fmt(d.before))} | ${text(fmt(d.after))} | ${text(d.after.formula)} |`,
    ),
  ];
  if (warnings.length > 0) {
    out.push('', '## Warnings', '', ...warnings.map((w) => `- **${text(w.code)}**: ${text(w.message)}`));
  }
  for (const s of snippets) {
    const f = fence(s.text);
    out.push(
      '',
      `## ${text(s.title)}`,
      '',
      `${code(s.filename)}: ${text(s.destination)}`,
      '',
      `${f}${s.language}`,
      s.text.trimEnd(),
      f,
    );
  }
  return out.join('\n') + '\n';
}
