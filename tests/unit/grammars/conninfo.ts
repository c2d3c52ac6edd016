// libpq conninfo strings: `key=value` pairs separated by single spaces, keys from an allowlist,
// values that need no quoting in libpq nor inside a double-quoted shell word.
import type { Plan } from '../../../lib/types';
import { isSafeHost, type Problems } from './common';

const KEYS = new Set([
  'host',
  'port',
  'dbname',
  'keepalives',
  'keepalives_idle',
  'keepalives_interval',
  'keepalives_count',
  'tcp_user_timeout',
  'connect_timeout',
]);
const VALUE = /^[A-Za-z0-9._:-]+$/;

/** Checks a conninfo string against the exact pairs expected, in order. */
export function checkConninfo(conninfo: string, expected: readonly (readonly [string, string | number])[]): Problems {
  const problems: Problems = [];
  const pairs = conninfo.split(' ');
  const seen = new Set<string>();
  for (const pair of pairs) {
    const m = /^([a-z_]+)=(.*)$/.exec(pair);
    if (!m) {
      problems.push(`conninfo: not key=value: ${JSON.stringify(pair)}`);
      continue;
    }
    const [, key = '', value = ''] = m;
    if (!KEYS.has(key)) problems.push(`conninfo: keyword ${key} not allowed`);
    if (!VALUE.test(value)) problems.push(`conninfo: ${key} value needs quoting: ${JSON.stringify(value)}`);
    if (key === 'host' && !isSafeHost(value))
      problems.push(`conninfo: host ${JSON.stringify(value)} is not a host name or address`);
    if (seen.has(key)) problems.push(`conninfo: ${key} twice`);
    seen.add(key);
  }
  const want = expected.map(([k, v]) => `${k}=${v}`).join(' ');
  if (conninfo !== want) problems.push(`conninfo: ${JSON.stringify(conninfo)}, the plan chose ${JSON.stringify(want)}`);
  return problems;
}

/** The pairs of the libpq snippet: host, port, dbname, then the keepalive keywords (FACTS.md section 4). */
export function libpqPairs(plan: Plan): [string, string | number][] {
  const k = plan.values.keepalive;
  const u = plan.values.userTimeoutMs;
  return [
    ['host', plan.input.dbhost],
    ['port', 5432],
    ['dbname', 'app'],
    ['keepalives', 1],
    ['keepalives_idle', k.idle],
    ['keepalives_interval', k.interval],
    ['keepalives_count', k.count],
    ...(u === undefined ? [] : [['tcp_user_timeout', u] as [string, number]]),
    ['connect_timeout', 10],
  ];
}
