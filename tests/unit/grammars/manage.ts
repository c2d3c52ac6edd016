// Checkers for the config-management snippets (lib/manage/): text hygiene and the header like every
// snippet; Ansible and cloud-init one YAML document without anchors, aliases or tags, whose file bodies
// carry only lines of the plan's own (separately checked) snippets; the AKS block a strict HCL subset.
import { isAlias, isScalar, parseAllDocuments, visit } from 'yaml';
import type { Plan, Snippet } from '../../../lib/types';
import { COMMENT_TEXT, header, lines, type Problems } from './common';

/** The kinds, as the engine appends them (lib/manage/index.ts MANAGE_KINDS). */
export const MANAGE_IDS = ['ansible', 'cloud-init', 'terraform-aks'] as const;
type ManageId = (typeof MANAGE_IDS)[number];

/** A scalar outside a file body: printable ASCII on one line (task names, paths, modes, keys, values). */
const SCALAR = /^[\x20-\x7e]*$/;

function yamlProblems(body: string, known: ReadonlySet<string>): Problems {
  const problems: Problems = [];
  const docs = parseAllDocuments(body, { uniqueKeys: true, strict: true });
  if (!Array.isArray(docs) || docs.length !== 1 || !docs[0])
    return [`${Array.isArray(docs) ? docs.length : 0} YAML documents, want 1`];
  const doc = docs[0];
  for (const e of [...doc.errors, ...doc.warnings]) problems.push(`yaml: ${e.message.split('\n')[0]}`);
  visit(doc, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = pair.value;
      if (!isScalar(value) || typeof value.value !== 'string') return;
      const text = value.value;
      if (key === 'content' || key === 'block') {
        // A file body: every line is a line of one of the plan's snippets, or a printable comment of its own.
        for (const line of text.split('\n')) {
          const comment = line.startsWith('# ') && COMMENT_TEXT.test(line);
          if (line !== '' && !comment && !known.has(line))
            problems.push(`yaml: a ${key} line no snippet has: ${JSON.stringify(line)}`);
        }
      } else if (!SCALAR.test(text)) problems.push(`yaml: ${key} is not one printable line: ${JSON.stringify(text)}`);
    },
    Node(_, node) {
      if (isAlias(node)) problems.push(`yaml: an alias *${node.source}`);
      else if (node.anchor) problems.push(`yaml: an anchor &${node.anchor}`);
      else if (node.tag) problems.push(`yaml: a tag ${node.tag}`);
    },
  });
  return problems;
}

/** The AKS block: comments, `name {`, `}` and `name = integer`, two-space indents, braces balanced. */
function hclProblems(body: readonly string[]): Problems {
  const problems: Problems = [];
  let depth = 0;
  for (const [n, line] of body.entries()) {
    const m = /^( *)(#.*|[a-z_]+ \{|\}|[a-z0-9_]+ += [0-9]+)$/.exec(line);
    if (!m) {
      problems.push(`line ${n}: not in the HCL subset: ${JSON.stringify(line)}`);
      continue;
    }
    const [, indent = '', code = ''] = m;
    if (code === '}') depth--;
    if (!code.startsWith('#') && indent.length !== depth * 2)
      problems.push(`line ${n}: indent ${indent.length}, want ${depth * 2}`);
    if (code.endsWith('{')) depth++;
    if (depth < 0) problems.push(`line ${n}: a closing brace too many`);
  }
  if (depth !== 0) problems.push(`${depth} braces left open`);
  return problems;
}

/** Every problem of one config-management snippet, given the plan's other snippets. */
export function checkManage(id: ManageId, s: Snippet, plan: Plan, others: readonly Snippet[]): Problems {
  const problems: Problems = [];
  let all = lines(s.text, problems);
  if (id === 'cloud-init') {
    // cloud-init reads user data as cloud-config only when this is its first line.
    if (all[0] !== '#cloud-config') problems.push('cloud-init: the first line is not #cloud-config');
    all = all.slice(1);
  }
  const body = header(all, '#', plan, problems);
  if (id === 'terraform-aks') return [...problems, ...hclProblems(body)];
  const known = new Set(
    others.filter((o) => !(MANAGE_IDS as readonly string[]).includes(o.id)).flatMap((o) => o.text.split('\n')),
  );
  return [...problems, ...yamlProblems(body.join('\n') + '\n', known)];
}
