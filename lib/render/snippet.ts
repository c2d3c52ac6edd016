/** The deterministic header every snippet opens with, and the Snippet assembly around a body. */
import type { Language, LayerId, SnippetId } from '../catalog';
import { TARGET_LABELS } from '../catalog';
import { middlebox } from '../middleboxes';
import { ASSUMED, boundName } from '../path';
import { pathBoxes } from '../timeline/survival';
import { formatDuration } from '../time';
import type { Detection, Plan, Snippet } from '../types';
import { assertComment } from './lines';

export interface SnippetMeta {
  readonly id: SnippetId;
  readonly title: string;
  readonly filename: string;
  readonly destination: string;
  readonly language: Language;
}

const MARKER: Record<Language, string> = {
  ini: '#',
  'ssh-config': '#',
  nginx: '#',
  yaml: '#',
  shellscript: '#',
  python: '#',
  properties: '#',
  hcl: '#',
  apache: '#',
  ruby: '#',
  javascript: '//',
  go: '//',
  java: '//',
};

/** A host inside a URL: an IPv6 address takes brackets (RFC 3986 section 3.2.2). */
export const urlHost = (host: string): string => (host.includes(':') ? `[${host}]` : host);

export const fmt = (d: Detection): string =>
  d.worstCaseSeconds === null ? 'never' : formatDuration(d.worstCaseSeconds);

/** One line naming the inputs the snippet was computed from. */
export function inputsLine(plan: Plan): string {
  const { path, input } = plan;
  const f = path.packetTimeout ?? path.payloadTimeout;
  const from = path.packetTimeout !== undefined ? path.packetFrom : path.payloadFrom;
  // The 300 s that stands in when none was given says so: no header presents it as the user's figure.
  const timeout =
    f === undefined
      ? 'not known'
      : `${formatDuration(f)} (${from === ASSUMED ? 'an assumption: none given' : boundName(from)})`;
  const goal = input.goal === undefined ? 'none' : formatDuration(input.goal);
  return `Inputs: ${TARGET_LABELS[input.target]}; path idle timeout ${timeout}; goal ${goal}; values ${plan.source}.`;
}

/**
 * The survival verdict in one line (lib/timeline/survival.ts), the same the headline and the CLI give:
 * "Idle connections outlive the path: no, the AWS ALB forgets them after 1 min idle (it needs payload)."
 */
export function survivalLine(plan: Plan): string | undefined {
  const s = plan.survival.after;
  if (s.ok === null) return undefined;
  if (s.ok) {
    const shortest = [...pathBoxes(plan.input)].sort((a, b) => a.seconds - b.seconds)[0];
    if (shortest?.box === ASSUMED)
      return `Idle connections outlive the path: yes, if its idle timeout is the assumed ${formatDuration(shortest.seconds)} (none was given).`;
    return `Idle connections outlive the path: yes${shortest ? ` (${boxName(shortest.box)}, ${formatDuration(shortest.seconds)})` : ''}.`;
  }
  const f = s.failing!;
  if (f.box === 'idle' || f.box === ASSUMED)
    return `Idle connections outlive the path: no, they are dropped after ${formatDuration(f.seconds)} idle.`;
  const payload = f.kind === 'payload' ? ' (it needs application data: keepalive probes do not count)' : '';
  return `Idle connections outlive the path: no, ${boxName(f.box)} forgets them after ${formatDuration(f.seconds)} idle${payload}.`;
}

const boxName = (box: string) => {
  const m = middlebox(box);
  return m ? `the ${m.name.replace(/^(A|An|The) /, '')}` : boundName(box);
};

/** The inputs and survival lines, the same in every header of a plan: made once per plan (a plan has up to 20 snippets). */
const SHARED = new WeakMap<Plan, readonly string[]>();
function sharedLines(plan: Plan): readonly string[] {
  let lines = SHARED.get(plan);
  if (lines === undefined) {
    const survival = survivalLine(plan);
    lines = survival ? [inputsLine(plan), survival] : [inputsLine(plan)];
    SHARED.set(plan, lines);
  }
  return lines;
}

/** Header comment texts: what it is, the inputs, survival, the worst case, and the query that reproduces it. */
export function headerLines(
  plan: Plan,
  title: string,
  worst: { before: Detection; after: Detection } | undefined,
): string[] {
  const lines = [`keepalive-config: ${title}`, ...sharedLines(plan)];
  if (worst) lines.push(`Worst case to detect a dead peer: ${fmt(worst.after)} (was ${fmt(worst.before)}).`);
  // The full link when render() was given the site's URL (lib/link.ts), else the query alone.
  lines.push(`Reproduce: ${plan.shareUrl ?? `?${plan.shareQuery}`}`);
  return lines;
}

/** Assembles a snippet: header comments in the language's syntax, a blank line, the body, a final newline. */
export function makeSnippet(
  plan: Plan,
  meta: SnippetMeta,
  worst: { before: Detection; after: Detection } | undefined,
  body: readonly string[],
): Snippet {
  const marker = MARKER[meta.language];
  const header = headerLines(plan, meta.title, worst).map((t) => `${marker} ${assertComment(t)}`);
  return { ...meta, text: [...header, '', ...body].join('\n') + '\n' };
}

/** The before/after detection of one layer of the plan, for a header. */
export function layerWorst(plan: Plan, layer: LayerId): { before: Detection; after: Detection } | undefined {
  return plan.detection.find((d) => d.layer === layer);
}
