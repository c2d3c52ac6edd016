// ssh_config and sshd_config: `Host` + patterns, indented `Keyword value` from an allowlist.
import type { Alive, Plan } from '../../../lib/types';
import { header, integer, isHashComment, isSshPatternList, lines, type Problems } from './common';

type Want = Readonly<Record<string, string>>;

function keywordLine(line: string, n: number, want: Want, seen: Set<string>, problems: Problems): void {
  const m = /^([A-Za-z]+) (\S+)$/.exec(line);
  if (!m) {
    problems.push(`line ${n}: not "Keyword value": ${JSON.stringify(line)}`);
    return;
  }
  const [, key = '', value = ''] = m;
  const expected = Object.prototype.hasOwnProperty.call(want, key) ? want[key] : undefined;
  if (expected === undefined) problems.push(`line ${n}: keyword ${key} not allowed`);
  else if (value !== expected) problems.push(`line ${n}: ${key} ${value}, the plan chose ${expected}`);
  if (seen.has(key)) problems.push(`line ${n}: ${key} twice`);
  seen.add(key);
}

function missing(want: Want, seen: Set<string>, problems: Problems): void {
  for (const key of Object.keys(want)) if (!seen.has(key)) problems.push(`missing ${key}`);
}

// ServerAliveCountMax and ClientAliveCountMax of 0 disable the check or exit at once (FACTS.md section 3).
const alive = (a: Alive | undefined, name: 'Server' | 'Client'): Want => {
  const interval = integer(String(a?.interval), 1, 2147483647);
  const count = integer(String(a?.count), 1, 2147483647);
  return {
    [`${name}AliveInterval`]: String(interval ?? 'a whole number >= 1'),
    [`${name}AliveCountMax`]: String(count ?? 'a whole number >= 1'),
    TCPKeepAlive: 'yes',
  };
};

/** ~/.ssh/config: comments, then `Host <patterns>` at column 0 with its keywords indented by four spaces. */
export function checkSshConfig(text: string, plan: Plan): Problems {
  const problems: Problems = [];
  const body = header(lines(text, problems), '#', plan, problems);
  const want = alive(plan.values.serverAlive, 'Server');
  let seen: Set<string> | undefined;
  let hosts = 0;
  for (const [n, line] of body.entries()) {
    if (line === '' || isHashComment(line) || isHashComment(line, '    ')) continue;
    if (line.startsWith('Host ')) {
      const patterns = line.slice(5);
      if (!isSshPatternList(patterns))
        problems.push(`line ${n}: Host patterns outside the grammar: ${JSON.stringify(patterns)}`);
      if (patterns !== plan.input.host) problems.push(`line ${n}: Host ${patterns}, the input was ${plan.input.host}`);
      if (seen) missing(want, seen, problems);
      seen = new Set();
      hosts++;
      continue;
    }
    if (!line.startsWith('    ') || !seen) {
      problems.push(`line ${n}: a keyword outside an indented Host block: ${JSON.stringify(line)}`);
      continue;
    }
    keywordLine(line.slice(4), n, want, seen, problems);
  }
  if (seen) missing(want, seen, problems);
  if (hosts !== 1) problems.push(`${hosts} Host blocks, want 1`);
  return problems;
}

/** An sshd_config.d drop-in: top-level keywords only (no Host or Match block). */
export function checkSshdConfig(text: string, plan: Plan): Problems {
  const problems: Problems = [];
  const body = header(lines(text, problems), '#', plan, problems);
  const want = alive(plan.values.clientAlive, 'Client');
  const seen = new Set<string>();
  for (const [n, line] of body.entries()) {
    if (line === '' || isHashComment(line)) continue;
    keywordLine(line, n, want, seen, problems);
  }
  missing(want, seen, problems);
  return problems;
}
