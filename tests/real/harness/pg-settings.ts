/** postgresql.conf settings: parse the snippet, normalise what PostgreSQL prints, map to the plan. */
import type { Values } from '../../../lib/types';

/** Base unit of each setting the engine may emit (postgres: guc_parameters.dat; FACTS.md section 4). */
export const PG_UNITS: Readonly<Record<string, 's' | 'ms' | 'count'>> = {
  tcp_keepalives_idle: 's',
  tcp_keepalives_interval: 's',
  tcp_keepalives_count: 'count',
  tcp_user_timeout: 'ms',
  client_connection_check_interval: 'ms',
};

/** First major that knows each setting (FACTS.md section 4 table, "since"). */
export const PG_SINCE: Readonly<Record<string, number>> = {
  tcp_keepalives_idle: 8,
  tcp_keepalives_interval: 8,
  tcp_keepalives_count: 8,
  tcp_user_timeout: 12,
  client_connection_check_interval: 14,
};

/** `name = value` lines of a postgresql.conf snippet (values unquoted). */
export function parseConf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const m = /^(\w+)\s*=?\s*'?([^']*?)'?$/.exec(line);
    if (line !== '' && m?.[1] && m[2] !== undefined) out.set(m[1], m[2]);
  }
  return out;
}

const MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** A value as PostgreSQL prints it (`240`, `20s`, `5min`) in the setting's base unit; NaN when unreadable. */
export function normalise(name: string, shown: string): number {
  const m = /^(-?\d+)\s*(ms|s|min|h|d)?$/.exec(shown.trim());
  if (!m?.[1]) return NaN;
  const n = Number(m[1]);
  const unit = PG_UNITS[name];
  if (!m[2] || unit === undefined || unit === 'count') return m[2] ? NaN : n;
  return (n * (MS[m[2]] ?? NaN)) / (MS[unit] ?? NaN);
}

/** What the plan says each emitted setting must be; undefined where the plan has no such value. */
export function plannedPg(name: string, values: Values): number | undefined {
  switch (name) {
    case 'tcp_keepalives_idle':
      return values.keepalive.idle;
    case 'tcp_keepalives_interval':
      return values.keepalive.interval;
    case 'tcp_keepalives_count':
      return values.keepalive.count;
    case 'tcp_user_timeout':
      return values.userTimeoutMs ?? 0; // 0 = the OS default
    default:
      return undefined;
  }
}

/** Per emitted setting: what the snippet says, what the daemon printed, what the plan says. */
export interface SettingCheck {
  readonly name: string;
  readonly emitted: number;
  readonly shown: number;
  readonly planned: number | undefined;
}

export function settingsAgree(checks: readonly SettingCheck[]): boolean {
  return checks.every(
    (c) => Number.isFinite(c.emitted) && c.shown === c.emitted && (c.planned === undefined || c.planned === c.emitted),
  );
}
