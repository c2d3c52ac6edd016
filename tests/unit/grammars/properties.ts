// Java .properties snippets (PgJDBC, Connector/J): `key=value` lines from an allowlist, a JDBC URL
// whose host is a DNS name, an IPv4 address or a bracketed IPv6 address.
import type { Plan } from '../../../lib/types';
import { header, isHashComment, isUrlHost, lines, type Problems } from './common';

/** Allowed keys per snippet and the exact URL query each driver gets. */
const SPECS = {
  jdbc: { scheme: 'postgresql', port: 5432, query: 'tcpKeepAlive=true', keys: ['url', 'tcpKeepAlive'], urlKey: 'url' },
  'connector-j': {
    scheme: 'mysql',
    port: 3306,
    query: 'tcpKeepAlive=true&connectTimeout=10000',
    keys: ['url'],
    urlKey: 'url',
  },
} as const;

/** HikariCP's keys: the JDBC URL of the target, maxLifetime and keepaliveTime in ms with HikariCP's 30 s floors. */
function hikariSpec(plan: Plan) {
  const pg = plan.input.target === 'postgres';
  return {
    scheme: pg ? 'postgresql' : 'mysql',
    port: pg ? 5432 : 3306,
    query: 'tcpKeepAlive=true',
    keys: ['jdbcUrl', 'maxLifetime', 'keepaliveTime'],
    urlKey: 'jdbcUrl',
  } as const;
}

export function checkProperties(text: string, plan: Plan, id: keyof typeof SPECS | 'hikaricp'): Problems {
  const problems: Problems = [];
  const body = header(lines(text, problems), '#', plan, problems);
  const spec = id === 'hikaricp' ? hikariSpec(plan) : SPECS[id];
  const L = plan.values.poolLimit ?? -1;
  // maxLifetime: the pool limit, at least 30 s; keepaliveTime: half of it, at least 30 s, and only below maxLifetime.
  const hikari: Record<string, number | undefined> = {
    maxLifetime: Math.max(30, L) * 1000,
    keepaliveTime: L > 30 ? Math.max(30, Math.floor(L / 2)) * 1000 : undefined,
  };
  const seen = new Set<string>();
  for (const [n, line] of body.entries()) {
    if (line === '' || isHashComment(line)) continue;
    const m = /^([A-Za-z]+)=(\S+)$/.exec(line);
    const [, key = '', value = ''] = m ?? [];
    if (!m || !(spec.keys as readonly string[]).includes(key)) {
      problems.push(`line ${n}: not an allowed key=value: ${JSON.stringify(line)}`);
      continue;
    }
    if (seen.has(key)) problems.push(`line ${n}: ${key} twice`);
    seen.add(key);
    if (key === 'tcpKeepAlive' && value !== 'true') problems.push(`line ${n}: tcpKeepAlive=${value}`);
    if (id === 'hikaricp' && key in hikari && value !== String(hikari[key]))
      problems.push(`line ${n}: ${key}=${value}, want ${hikari[key]}`);
    if (key !== spec.urlKey) continue;
    const url = new RegExp(`^jdbc:${spec.scheme}://(.+):${spec.port}/app\\?(.*)$`).exec(value);
    if (!url) problems.push(`line ${n}: not a jdbc:${spec.scheme} URL: ${value}`);
    else {
      const host = url[1] ?? '';
      if (!isUrlHost(host))
        problems.push(`line ${n}: URL host ${JSON.stringify(host)} is not a DNS name, an IPv4 address or [IPv6]`);
      if (host.replace(/^\[(.*)\]$/, '$1') !== plan.input.dbhost)
        problems.push(`line ${n}: URL host ${host}, the input was ${plan.input.dbhost}`);
      if (url[2] !== spec.query) problems.push(`line ${n}: URL query ${url[2]}, want ${spec.query}`);
    }
  }
  for (const key of spec.keys)
    if (!seen.has(key) && !(id === 'hikaricp' && hikari[key] === undefined)) problems.push(`missing ${key}`);
  return problems;
}
