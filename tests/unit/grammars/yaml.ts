// YAML snippets (compose.yaml, a Kubernetes pod, elasticsearch.yml): parsed with the yaml package.
// Exactly one document, no directives, anchors, aliases or tags, and the data the plan chose.
import { isDeepStrictEqual } from 'node:util';
import { isAlias, parseAllDocuments, visit } from 'yaml';
import type { Plan } from '../../../lib/types';
import { header, lines, type Problems } from './common';

export function checkYaml(text: string, plan: Plan, expected: unknown): Problems {
  const problems: Problems = [];
  const all = lines(text, problems);
  const body = header(all, '#', plan, problems);
  for (const [n, line] of body.entries()) {
    if (/^(?:---|\.\.\.)(?:\s|$)/.test(line) || line.startsWith('%'))
      problems.push(`line ${n}: a document marker or directive: ${JSON.stringify(line)}`);
  }
  // The header is comments, checked above; the body decides the data. Parsing is the slow part: cache it.
  const key = `${JSON.stringify(expected)}\n${body.join('\n')}`;
  let found = parsed.get(key);
  if (!found) {
    found = parseBody(body.join('\n') + '\n', expected);
    if (parsed.size > 5000) parsed.clear();
    parsed.set(key, found);
  }
  return [...problems, ...found];
}

const parsed = new Map<string, Problems>();

function parseBody(text: string, expected: unknown): Problems {
  const problems: Problems = [];
  const docs = parseAllDocuments(text, { uniqueKeys: true, strict: true });
  if (!Array.isArray(docs) || docs.length !== 1)
    return [`${Array.isArray(docs) ? docs.length : 0} YAML documents, want 1`];
  const [doc] = docs;
  if (!doc) return problems;
  for (const e of [...doc.errors, ...doc.warnings]) problems.push(`yaml: ${e.message.split('\n')[0]}`);
  if (doc.directives.docStart !== null && doc.directives.docStart !== undefined)
    problems.push('yaml: an explicit document start');
  visit(doc, {
    Node(_, node) {
      if (isAlias(node)) problems.push(`yaml: an alias *${node.source}`);
      else if (node.anchor) problems.push(`yaml: an anchor &${node.anchor}`);
      else if (node.tag) problems.push(`yaml: a tag ${node.tag}`);
    },
  });
  if (problems.length > 0) return problems;
  const data: unknown = doc.toJS();
  if (!isDeepStrictEqual(data, expected))
    problems.push(`yaml: data differs from the plan: ${JSON.stringify(data)} vs ${JSON.stringify(expected)}`);
  return problems;
}

function sysctls(plan: Plan): [string, number][] {
  const k = plan.values.keepalive;
  return [
    ['net.ipv4.tcp_keepalive_time', k.idle],
    ['net.ipv4.tcp_keepalive_intvl', k.interval],
    ['net.ipv4.tcp_keepalive_probes', k.count],
  ];
}

export const composeData = (plan: Plan): unknown => ({
  services: { app: { image: 'your-image', sysctls: Object.fromEntries(sysctls(plan)) } },
});

export const podData = (plan: Plan): unknown => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'app' },
  // Kubernetes sysctl values are strings.
  spec: {
    securityContext: { sysctls: sysctls(plan).map(([name, v]) => ({ name, value: String(v) })) },
    containers: [{ name: 'app', image: 'your-image' }],
  },
});

export function elasticsearchData(plan: Plan): unknown {
  const k = plan.values.keepalive;
  const ping = plan.values.esPingSchedule;
  // network.tcp.keep_idle and keep_interval accept at most 300 (FACTS.md section 7); none of the keep_*
  // timers exists before 7.4.0 (elastic/elasticsearch pull request 44055), where only keep_alive is set.
  const [major = 0, minor = 0] = plan.input.elasticsearch.split('.').map(Number);
  const keep = major > 7 || (major === 7 && minor >= 4);
  return {
    'network.tcp.keep_alive': true,
    ...(keep
      ? {
          'network.tcp.keep_idle': Math.min(k.idle, 300),
          'network.tcp.keep_interval': Math.min(k.interval, 300),
          'network.tcp.keep_count': k.count,
        }
      : {}),
    ...(ping === undefined ? {} : { 'transport.ping_schedule': `${ping}s` }),
  };
}
