/**
 * Elasticsearch cannot run here, so emitted elasticsearch.yml keys are checked against the real
 * setting names, types and ranges (FACTS.md section 7; elastic/elasticsearch NetworkService.java,
 * TransportSettings.java, HttpTransportSettings.java, FollowersChecker.java).
 */
import { parse } from 'yaml';

type Kind =
  | { readonly type: 'bool' }
  | { readonly type: 'int'; readonly min: number; readonly max: number }
  | { readonly type: 'time' };

const KEEP: Record<string, Kind> = {
  keep_alive: { type: 'bool' }, // NetworkService.TCP_KEEP_ALIVE, default true
  keep_idle: { type: 'int', min: -1, max: 300 }, // intSetting(..., -1, -1, 300): seconds, no unit
  keep_interval: { type: 'int', min: -1, max: 300 }, // intSetting(..., -1, -1, 300)
  keep_count: { type: 'int', min: -1, max: Number.MAX_SAFE_INTEGER }, // intSetting(..., -1, -1)
};

export const ES_SETTINGS: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  ...['network.tcp', 'transport.tcp', 'http.tcp'].flatMap((prefix) =>
    Object.entries(KEEP).map(([k, v]): [string, Kind] => [`${prefix}.${k}`, v]),
  ),
  ['transport.ping_schedule', { type: 'time' }], // TransportSettings.PING_SCHEDULE, default -1
  ['cluster.fault_detection.follower_check.interval', { type: 'time' }], // FollowersChecker, default 1s
  ['cluster.fault_detection.follower_check.timeout', { type: 'time' }], // default 10s
  ['cluster.fault_detection.follower_check.retry_count', { type: 'int', min: 1, max: Number.MAX_SAFE_INTEGER }], // default 3
  ['cluster.fault_detection.leader_check.interval', { type: 'time' }], // LeaderChecker, default 1s
  ['cluster.fault_detection.leader_check.timeout', { type: 'time' }], // default 10s
  ['cluster.fault_detection.leader_check.retry_count', { type: 'int', min: 1, max: Number.MAX_SAFE_INTEGER }], // default 3
]);

/** Nested YAML maps become dotted keys, as Elasticsearch reads them. */
export function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out.set(prefix, value);
  return out;
}

/** TimeValue.parseTimeValue: -1, 0, or a number with one of its units. */
function isTimeValue(s: string): boolean {
  return s === '-1' || s === '0' || /^\d+(\.\d+)?(nanos|micros|ms|s|m|h|d)$/.test(s);
}

function check(key: string, raw: unknown, kind: Kind): string | undefined {
  const s = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
  if (s === undefined) return `${key}: not a scalar`;
  switch (kind.type) {
    case 'bool':
      return s === 'true' || s === 'false' ? undefined : `${key}: ${s} is not true|false`;
    case 'int': {
      if (!/^-?\d+$/.test(s)) return `${key}: ${s} is not an integer (no unit suffix allowed)`;
      const n = Number(s);
      return n >= kind.min && n <= kind.max ? undefined : `${key}: ${n} outside ${kind.min}..${kind.max}`;
    }
    case 'time':
      return isTimeValue(s) ? undefined : `${key}: ${s} is not a time value such as 5s`;
    default:
      return kind satisfies never;
  }
}

export interface EsCheck {
  readonly errors: readonly string[];
  readonly settings: ReadonlyMap<string, unknown>;
}

/** Every key known, every value of the right type and range: what a node would need to start. */
export function checkElasticsearchYml(text: string): EsCheck {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    return { errors: [`YAML: ${String(e)}`], settings: new Map() };
  }
  const settings = flatten(doc ?? {});
  const errors: string[] = [];
  for (const [key, value] of settings) {
    const kind = ES_SETTINGS.get(key);
    const err = kind ? check(key, value, kind) : `unknown setting [${key}]`;
    if (err) errors.push(err);
  }
  return { errors, settings };
}
