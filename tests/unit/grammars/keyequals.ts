// `key = integer` formats: sysctl.d, postgresql.conf, my.cnf and pgbouncer.ini (with `[section]`).
import type { Plan } from '../../../lib/types';
import { INT_MAX, header, integer, isHashComment, lines, type Problems } from './common';

/** Per key: the value the plan chose, and whether the key must appear. */
export interface Expected {
  readonly value: number;
  readonly required: boolean;
}

/** Section name ('' before any section) -> key -> expectation. */
export type Spec = Readonly<Record<string, Readonly<Record<string, Expected>>>>;

const must = (value: number): Expected => ({ value, required: true });
const may = (value: number | undefined, present: boolean): Expected | undefined =>
  value === undefined ? undefined : { value, required: present };

function compact(o: Record<string, Expected | undefined>): Record<string, Expected> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, Expected] => e[1] !== undefined));
}

/** Checks body lines against a spec: blank, `#` comment, `[section]` from the spec, or `key = integer` from the spec with the plan's value. */
export function checkKeyEquals(text: string, plan: Plan, spec: Spec): Problems {
  const problems: Problems = [];
  const body = header(lines(text, problems), '#', plan, problems);
  let section = '';
  const seen = new Set<string>();
  for (const [n, line] of body.entries()) {
    if (line === '' || isHashComment(line)) continue;
    const head = /^\[([a-z]+)\]$/.exec(line);
    if (head) {
      section = head[1] ?? '';
      if (!(section in spec) || section === '') problems.push(`line ${n}: section [${section}] not allowed`);
      if (seen.has(`[${section}]`)) problems.push(`line ${n}: section [${section}] twice`);
      seen.add(`[${section}]`);
      continue;
    }
    const m = /^([a-z][a-z0-9_.]*) = (\S+)$/.exec(line);
    if (!m) {
      problems.push(`line ${n}: not a comment, a section or "key = integer": ${JSON.stringify(line)}`);
      continue;
    }
    const [, key = '', raw] = m;
    const want = Object.prototype.hasOwnProperty.call(spec[section] ?? {}, key) ? spec[section]?.[key] : undefined;
    if (!want) {
      problems.push(`line ${n}: key ${key} not allowed in [${section}]`);
      continue;
    }
    const value = integer(raw, 0, INT_MAX);
    if (value === undefined) problems.push(`line ${n}: ${key} = ${raw} is not an integer from 0 to ${INT_MAX}`);
    else if (value !== want.value) problems.push(`line ${n}: ${key} = ${value}, the plan chose ${want.value}`);
    if (seen.has(`${section}.${key}`)) problems.push(`line ${n}: ${key} twice`);
    seen.add(`${section}.${key}`);
  }
  for (const [s, keys] of Object.entries(spec)) {
    for (const [key, want] of Object.entries(keys)) {
      if (want.required && !seen.has(`${s}.${key}`)) problems.push(`missing ${s ? `[${s}] ` : ''}${key}`);
    }
  }
  return problems;
}

export function sysctlSpec(plan: Plan): Spec {
  const k = plan.values.keepalive;
  // The three per-namespace keepalive sysctls (FACTS.md section 1), and tcp_retries2 where the plan chose it.
  const n = plan.values.retries2;
  return {
    '': {
      'net.ipv4.tcp_keepalive_time': must(k.idle),
      'net.ipv4.tcp_keepalive_intvl': must(k.interval),
      'net.ipv4.tcp_keepalive_probes': must(k.count),
      ...(n === undefined ? {} : { 'net.ipv4.tcp_retries2': must(n) }),
    },
  };
}

export function postgresqlConfSpec(plan: Plan): Spec {
  const k = plan.values.keepalive;
  const u = plan.values.userTimeoutMs;
  const v = plan.input.postgres;
  return {
    '': compact({
      tcp_keepalives_idle: must(k.idle),
      tcp_keepalives_interval: must(k.interval),
      tcp_keepalives_count: must(k.count),
      // tcp_user_timeout exists from PostgreSQL 12, client_connection_check_interval from 14 (FACTS.md section 4).
      tcp_user_timeout: v >= 12 ? may(u, true) : undefined,
      client_connection_check_interval: v >= 14 ? { value: k.interval * 1000, required: false } : undefined,
    }),
  };
}

export function pgbouncerSpec(plan: Plan): Spec {
  const k = plan.values.keepalive;
  // Keys of [pgbouncer] with no section head: the user pastes them into their own [pgbouncer] section.
  return {
    '': compact({
      tcp_keepalive: must(1),
      tcp_keepidle: must(k.idle),
      tcp_keepintvl: must(k.interval),
      tcp_keepcnt: must(k.count),
      tcp_user_timeout: may(plan.values.userTimeoutMs, true),
      // The pool limit, only when it is below pgbouncer's 600 s default.
      server_idle_timeout: may(
        plan.values.poolLimit !== undefined && plan.values.poolLimit < 600 ? plan.values.poolLimit : undefined,
        true,
      ),
    }),
  };
}

export function myCnfSpec(plan: Plan): Spec {
  const k = plan.values.keepalive;
  // Only MariaDB has tcp_keepalive_* server variables (FACTS.md section 5).
  const maria = plan.input.mysql.startsWith('mariadb-');
  return {
    '': {},
    ...(maria
      ? {
          mysqld: {
            tcp_keepalive_time: must(k.idle),
            tcp_keepalive_interval: must(k.interval),
            tcp_keepalive_probes: must(k.count),
          },
        }
      : {}),
    mysql: { connect_timeout: must(10) },
  };
}
