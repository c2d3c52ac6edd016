// nginx.conf http-context pieces: balanced braces, every directive from an allowlist in its block, ending with `;`.
// The merge form (the default) is flat groups of lines, each under the heading comment naming its block.
import { MERGE_HEADINGS } from '../../../lib/targets/nginx';
import type { Plan } from '../../../lib/types';
import { header, isHashComment, isUrlHost, lines, type Problems } from './common';

type Context = 'http' | 'upstream' | 'server' | 'location';

/** Which blocks open where: `upstream backend {` and `server {` in http, `location / {` in server. */
const BLOCKS: Readonly<Record<string, { in: Context; is: Context }>> = {
  'upstream backend': { in: 'http', is: 'upstream' },
  server: { in: 'http', is: 'server' },
  'location /': { in: 'server', is: 'location' },
};

/** An upstream address: host:port or [ipv6]:port, port 1..65535. */
export function isUpstream(value: string): boolean {
  const m = /^(.+):([1-9]\d{0,4})$/.exec(value);
  return !!m && isUrlHost(m[1] ?? '') && Number(m[2]) <= 65535;
}

/** Directive -> context it may appear in -> whether its arguments are what the plan chose. */
function directives(
  plan: Plan,
): Readonly<Record<string, { in: Context; ok: (args: string) => boolean; required: boolean }>> {
  const k = plan.values.keepalive;
  const pool = plan.values.nginxPoolTimeout;
  return {
    server: { in: 'upstream', ok: (a) => a === plan.input.upstream && isUpstream(a), required: true },
    keepalive: { in: 'upstream', ok: (a) => /^[1-9]\d{0,3}$/.test(a), required: true },
    // keepalive_timeout (1.15.3+): the pool timeout the plan chose, or nginx's 60 s default.
    keepalive_timeout: { in: 'upstream', ok: (a) => a === `${pool ?? 60}s`, required: false },
    listen: { in: 'server', ok: (a) => a === `80 so_keepalive=${k.idle}:${k.interval}:${k.count}`, required: true },
    proxy_pass: { in: 'location', ok: (a) => a === 'http://backend', required: true },
    proxy_http_version: { in: 'location', ok: (a) => a === '1.1', required: false },
    proxy_set_header: { in: 'location', ok: (a) => a === 'Connection ""', required: false },
    proxy_socket_keepalive: { in: 'location', ok: (a) => a === 'on', required: false },
  };
}

/** Directives of the merge form: the site form's, but no server or proxy_pass of a block the user already has. */
function checkMerge(body: readonly string[], plan: Plan, problems: Problems): void {
  const allowed = directives(plan);
  const headings = Object.entries(MERGE_HEADINGS).map(([ctx, text]) => [`# ${text}`, ctx as Context] as const);
  let context: Context | undefined;
  const seen = new Set<string>();
  for (const [n, line] of body.entries()) {
    const heading = headings.find(([h]) => h === line);
    if (heading) {
      if (seen.has(`#${heading[1]}`)) problems.push(`line ${n}: the ${heading[1]} heading twice`);
      seen.add(`#${heading[1]}`);
      context = heading[1];
      continue;
    }
    if (line === '' || isHashComment(line, '')) continue;
    const m = /^([a-z_]+) ([^;{}#'"\\]+|Connection "");$/.exec(line);
    if (!m) {
      problems.push(`line ${n}: not "directive args;" under a heading: ${JSON.stringify(line)}`);
      continue;
    }
    const [, name = '', args = ''] = m;
    const d =
      Object.prototype.hasOwnProperty.call(allowed, name) && name !== 'server' && name !== 'proxy_pass'
        ? allowed[name]
        : undefined;
    if (!d || d.in !== context)
      problems.push(`line ${n}: directive ${name} not allowed under ${context ?? 'no heading'}`);
    else if (!d.ok(args)) problems.push(`line ${n}: ${name} ${args} is not what the plan chose`);
    if (seen.has(name)) problems.push(`line ${n}: ${name} twice`);
    seen.add(name);
  }
  for (const name of ['keepalive', 'listen']) if (!seen.has(name)) problems.push(`missing ${name}`);
}

export function checkNginx(text: string, plan: Plan): Problems {
  const problems: Problems = [];
  if (plan.input.nginx_form === 'merge') {
    checkMerge(header(lines(text, problems), '#', plan, problems), plan, problems);
    return problems;
  }
  const body = header(lines(text, problems), '#', plan, problems);
  const allowed = directives(plan);
  const stack: Context[] = ['http'];
  const seen = new Set<string>();
  for (const [n, line] of body.entries()) {
    const depth = stack.length - 1;
    const pad = '    '.repeat(depth);
    if (line === '' || isHashComment(line, pad)) continue;
    if (!line.startsWith(pad) || line.charAt(pad.length) === ' ') {
      if (depth > 0 && line === `${'    '.repeat(depth - 1)}}`) {
        stack.pop();
        continue;
      }
      problems.push(`line ${n}: wrong indentation or a stray brace: ${JSON.stringify(line)}`);
      continue;
    }
    const stmt = line.slice(pad.length);
    const context = stack[depth] ?? 'http';
    const open = /^([a-z /]+) \{$/.exec(stmt);
    if (open) {
      const b = BLOCKS[open[1] ?? ''];
      if (!b || b.in !== context)
        problems.push(`line ${n}: block ${JSON.stringify(open[1])} not allowed in ${context}`);
      stack.push(b?.is ?? 'location');
      continue;
    }
    // Arguments: no further `;`, braces, `#` or quote, apart from the one `Connection ""` form.
    const m = /^([a-z_]+) ([^;{}#'"\\]+|Connection "");$/.exec(stmt);
    if (!m) {
      problems.push(`line ${n}: not "directive args;" or a block: ${JSON.stringify(line)}`);
      continue;
    }
    const [, name = '', args = ''] = m;
    const d = Object.prototype.hasOwnProperty.call(allowed, name) ? allowed[name] : undefined;
    if (!d || d.in !== context) problems.push(`line ${n}: directive ${name} not allowed in ${context}`);
    else if (!d.ok(args)) problems.push(`line ${n}: ${name} ${args} is not what the plan chose`);
    if (seen.has(name)) problems.push(`line ${n}: ${name} twice`);
    seen.add(name);
  }
  if (stack.length !== 1) problems.push(`${stack.length - 1} unclosed block(s)`);
  for (const [name, d] of Object.entries(allowed)) if (d.required && !seen.has(name)) problems.push(`missing ${name}`);
  return problems;
}
