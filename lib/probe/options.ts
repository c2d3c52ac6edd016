/**
 * The probe's and the echo server's arguments. Every value is bounded; a bad one is refused with
 * one line (exit 2). Durations take the query's forms (lib/time.ts parseDuration: 900, 15m, 1h).
 */
import { parseDuration } from '../time';
import { MODES, type Mode } from './protocol';

export const FORMATS = ['text', 'json'] as const;
export type ProbeFormat = (typeof FORMATS)[number];

/**
 * Bounds and defaults. max: 15 min by default covers the common cloud boxes (240-600 s, FACTS.md
 * section 8); at most 4 h, above RFC 5382's 7440 s NAT minimum (same section), so even a compliant
 * NAT can be bounded. step: 5 s by default, below the planner's margin (10% of F, README "How it
 * decides") for any F from 50 s up. connections: 8 per round by default, at most 64.
 * reply timeout: 5 s by default, several retransmissions of a lost segment (initial RTO 1 s,
 * RFC 6298; TCP_TIMEOUT_INIT in torvalds/linux: include/net/tcp.h). connect timeout: 10 s, the SYN
 * and its retransmissions at 1, 3 and 7 s (the same initial RTO, doubled each time).
 */
export const PROBE_BOUNDS = {
  max: { min: 1, max: 4 * 3600, default: 900 },
  step: { min: 1, max: 3600, default: 5 },
  connections: { min: 1, max: 64, default: 8 },
  replyTimeout: { min: 1, max: 60, default: 5 },
} as const;
export const CONNECT_TIMEOUT = 10;

export interface ProbeOptions {
  readonly host: string;
  readonly port: number;
  readonly mode: Mode;
  readonly max: number;
  readonly step: number;
  readonly connections: number;
  readonly replyTimeout: number;
  readonly keepaliveCheck: boolean;
  readonly format: ProbeFormat;
}

export interface EchoOptions {
  readonly host: string;
  readonly port: number;
  readonly maxConnections: number;
}

/**
 * Echo: loopback by default (nothing exposed unless asked); port 7007, unprivileged (below 1024
 * needs root), echo's port 7 as a mnemonic, not in Debian's /etc/services (netbase); at most 256 connections at once by default: four probes at
 * the largest --connections (64) each, while a stray scan cannot pin more than that.
 */
export const ECHO_DEFAULTS = { host: '127.0.0.1', port: 7007 } as const;
export const ECHO_CONNECTIONS = { min: 1, max: 4096, default: 256 } as const;

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;

/** HOST:PORT or [IPv6]:PORT; host a DNS name or an address (no spaces, no control characters). */
export function parseEndpoint(text: string): { host: string; port: number } | string {
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text) ?? /^([^:[\]]+):(\d{1,5})$/.exec(text);
  if (!m?.[1] || !m[2]) return `expected HOST:PORT or [IPv6]:PORT, got ${JSON.stringify(text)}`;
  const host = m[1];
  const port = Number(m[2]);
  const v6 = text.startsWith('[');
  if (v6 ? !IPV6.test(host) || !host.includes(':') : !HOSTNAME.test(host))
    return `not a host name or address: ${JSON.stringify(host)}`;
  if (port < 1 || port > 65535) return `port must be 1..65535, got ${port}`;
  return { host, port };
}

function bounded(
  name: string,
  text: string | undefined,
  b: { min: number; max: number },
  duration: boolean,
): number | string {
  const value =
    text === undefined ? undefined : duration ? parseDuration(text) : /^\d{1,6}$/.test(text) ? Number(text) : undefined;
  const unit = duration ? ' s' : '';
  if (value === undefined)
    return `--${name} needs ${duration ? 'a duration (900, 15m, 1h)' : 'a whole number'}, got ${JSON.stringify(text ?? '')}`;
  if (value < b.min || value > b.max) return `--${name} must be ${b.min}..${b.max}${unit}, got ${value}${unit}`;
  return value;
}

/** Splits `--name value` and `--name=value`; flags take no value. */
function* pairs(argv: readonly string[], flags: readonly string[]): Generator<[string, string | undefined]> {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) yield [a.slice(0, eq), a.slice(eq + 1)];
    else if (a.startsWith('-') && !flags.includes(a)) yield [a, argv[++i]];
    else yield [a, undefined];
  }
}

export function parseProbeArgs(argv: readonly string[]): ProbeOptions | string {
  let endpoint: { host: string; port: number } | undefined;
  const o = {
    mode: 'auto' as Mode,
    format: 'text' as ProbeFormat,
    keepaliveCheck: true,
    max: PROBE_BOUNDS.max.default as number,
    step: PROBE_BOUNDS.step.default as number,
    connections: PROBE_BOUNDS.connections.default as number,
    replyTimeout: PROBE_BOUNDS.replyTimeout.default as number,
  };
  for (const [key, value] of pairs(argv, ['--no-keepalive-check'])) {
    let n: number | string = 0;
    switch (key) {
      case '--max':
        n = bounded('max', value, PROBE_BOUNDS.max, true);
        if (typeof n === 'number') o.max = n;
        break;
      case '--step':
        n = bounded('step', value, PROBE_BOUNDS.step, true);
        if (typeof n === 'number') o.step = n;
        break;
      case '--connections':
        n = bounded('connections', value, PROBE_BOUNDS.connections, false);
        if (typeof n === 'number') o.connections = n;
        break;
      case '--reply-timeout':
        n = bounded('reply-timeout', value, PROBE_BOUNDS.replyTimeout, true);
        if (typeof n === 'number') o.replyTimeout = n;
        break;
      case '--mode': {
        const mode = MODES.find((m) => m === value);
        if (mode === undefined) return `--mode must be one of ${MODES.join(', ')}, got ${JSON.stringify(value ?? '')}`;
        o.mode = mode;
        break;
      }
      case '--format': {
        const format = FORMATS.find((f) => f === value);
        if (format === undefined)
          return `--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(value ?? '')}`;
        o.format = format;
        break;
      }
      case '--no-keepalive-check':
        o.keepaliveCheck = false;
        break;
      default: {
        if (key.startsWith('-')) return `unknown option ${JSON.stringify(key)}`;
        if (endpoint !== undefined) return 'only one HOST:PORT is allowed';
        const e = parseEndpoint(key);
        if (typeof e === 'string') return e;
        endpoint = e;
      }
    }
    if (typeof n === 'string') return n;
  }
  if (endpoint === undefined) return 'HOST:PORT is required';
  if (o.step > o.max) return `--step (${o.step} s) must not exceed --max (${o.max} s)`;
  return { ...endpoint, ...o };
}

export function parseEchoArgs(argv: readonly string[]): EchoOptions | string {
  let listen: { host: string; port: number } = { ...ECHO_DEFAULTS };
  let maxConnections: number = ECHO_CONNECTIONS.default;
  for (const [key, value] of pairs(argv, [])) {
    if (key === '--listen') {
      const e = parseEndpoint(value ?? '');
      if (typeof e === 'string') return `--listen: ${e}`;
      listen = e;
    } else if (key === '--max-connections') {
      const n = bounded('max-connections', value, ECHO_CONNECTIONS, false);
      if (typeof n === 'string') return n;
      maxConnections = n;
    } else return `unknown argument ${JSON.stringify(key)}`;
  }
  return { ...listen, maxConnections };
}
