/**
 * The closed forms of FACTS.md, one mechanism each, knowing nothing of targets. Each returns the worst
 * case in seconds plus the formula and the terms that produce it. The figures the product prints come
 * from the timeline (lib/timeline), which runs the mechanisms together; with one mechanism armed it
 * must equal these (tests/unit/timeline.test.ts), so they stay as its oracles.
 */
import type { Alive, ClosedForm as Detection, Keepalive, Term, Version } from './types';
import { compareVersions } from './version';

/** Linux defaults: tcp_keepalive_time 7200, _intvl 75, _probes 9 (FACTS.md section 1, ip-sysctl.rst). */
export const LINUX_DEFAULTS: Keepalive = { idle: 7200, interval: 75, count: 9 };
/** net.ipv4.tcp_retries2 default (FACTS.md section 1). */
export const LINUX_RETRIES2 = 15;
/** Elasticsearch transport lowers OS idle and interval to at most 300 s (FACTS.md section 7, NetUtils). */
export const ES_TRANSPORT_CLAMP = 300;
/** libuv's setKeepAlive fixes TCP_KEEPINTVL = 1 s and TCP_KEEPCNT = 10 (FACTS.md section 2, measured on Node 20). */
export const NODE_FIXED = { interval: 1, count: 10 } as const;
/** sshd probes at twice ClientAliveInterval from 7.6 until commit 9d7193a83 in 9.5 (FACTS.md section 3). */
export const SSHD_FIXED_IN: Version = [9, 5];

const s = (name: string, value: number): Term => ({ name, value, unit: 's' });
const n = (name: string, value: number): Term => ({ name, value, unit: 'count' });

const kaTerms = (k: Keepalive) => [s('T', k.idle), s('I', k.interval), n('P', k.count)];

/** Idle connection, no TCP_USER_TIMEOUT: dead one interval after the last probe, T + P*I. */
export function idleKeepalive(k: Keepalive): Detection {
  return { worstCaseSeconds: k.idle + k.count * k.interval, formula: 'T + P × I', terms: kaTerms(k) };
}

/**
 * Idle connection with TCP_USER_TIMEOUT U (ms) > 0: P is ignored; the kill comes at the first probe
 * tick where time since last received >= U and a probe was sent: T + I * max(1, ceil((U - T) / I)).
 */
export function idleWithUserTimeout(k: Keepalive, userTimeoutMs: number | undefined): Detection {
  if (!userTimeoutMs) return idleKeepalive(k);
  const u = userTimeoutMs / 1000;
  const ticks = Math.max(1, Math.ceil((u - k.idle) / k.interval));
  return {
    worstCaseSeconds: k.idle + k.interval * ticks,
    formula: 'T + I × max(1, ⌈(U − T) / I⌉)',
    terms: [s('T', k.idle), s('I', k.interval), { name: 'U', value: userTimeoutMs, unit: 'ms' }],
  };
}

/**
 * The tcp_retries2 values the planner may choose, most cautious first. RFC 1122 asks for at least 100 s
 * of retransmission, 8 with the 200 ms minimum RTO (torvalds/linux: Documentation/networking/ip-sysctl.rst,
 * tcp_retries2; net/ipv4/tcp_timer.c, tcp_orphan_retries: "8 corresponds to >100 seconds"); Elasticsearch's
 * docs recommend 5 for cluster networks (elastic.co: system-config-tcpretries). The planner goes no lower.
 */
export const RETRIES2_CHOICES = [14, 13, 12, 11, 10, 9, 8, 7, 6, 5] as const;
/** The value offered, commented out, when no goal asks for it: the lowest RFC 1122 allows. */
export const RETRIES2_OFFER = 8;

/** TCP_RTO_MIN 0.2 s and TCP_RTO_MAX 120 s (include/net/tcp.h; FACTS.md section 1). */
export const RTO_MIN = 0.2;
const RTO_MAX = 120;

/** The tcp_retries2 model of tcp_model_timeout(): (2^(N+1) - 1) * 0.2 s up to N = 9, then + 120 s each. */
export function retries2Model(retries2: number): number {
  const model = retries2 <= 9 ? (2 ** (retries2 + 1) - 1) * RTO_MIN : 1023 * RTO_MIN + (retries2 - 9) * RTO_MAX;
  return Math.round(model * 10) / 10;
}

/**
 * The base RTO of a low-RTT path as measured on this machine class (tests/lab/timeline-db.test.ts,
 * tests/lab/inflight.test.ts): TCP_RTO_MIN 200 ms plus the round trip and the timer's rounding to
 * jiffies (250 Hz), about 0.214 s. A path with a longer round trip has a longer base.
 */
export const RTO_BASE_LOW_RTT = 0.214;

/**
 * When the kernel aborts data in flight without TCP_USER_TIMEOUT. It checks tcp_retries2 only when its
 * retransmission timer fires (`tcp_retransmit_timer` -> `tcp_write_timeout`), and the first firing past
 * the model's (2^(N+1) - 1) x 0.2 s is the (N+1)-th RTO: a tail-loss probe after about TCP_RTO_MIN, then
 * N + 1 RTOs doubling from the base, each at most TCP_RTO_MAX (torvalds/linux: net/ipv4/tcp_timer.c).
 * Measured from the write to the abort: N = 5 gave 13.14 to 13.70 s (this gives 13.68), N = 7 gave
 * 54.25 to 56.04 s (54.77), N = 4 about 6.8 s (6.83). The default N = 15 gives about 939 s, FACTS.md's
 * typical ~940 s.
 */
export function retransmissionAbort(retries2: number, base = RTO_BASE_LOW_RTT): number {
  let t = RTO_MIN;
  for (let k = 0; k <= retries2; k++) t += Math.min(base * 2 ** k, RTO_MAX);
  return Math.round(t * 1000) / 1000;
}

/** The abort comes at the first RTO expiry after the model: at most one more TCP_RTO_MAX (FACTS.md section 1). */
export function retries2UpperBound(retries2: number): number {
  return retries2Model(retries2) + RTO_MAX;
}

/** Data in flight: the retransmission timer decides; with U set, tcp_retries2 is ignored and U rules. */
export function inFlight(userTimeoutMs: number | undefined, retries2 = LINUX_RETRIES2): Detection {
  if (userTimeoutMs) {
    // About one RTO (TCP_RTO_MIN on a low-RTT path) + U after the send (FACTS.md section 10; measured in tests/lab/inflight.test.ts).
    return {
      worstCaseSeconds: Math.round((RTO_MIN + userTimeoutMs / 1000) * 1000) / 1000,
      formula: 'about one RTO + U after the first send',
      terms: [{ name: 'U', value: userTimeoutMs, unit: 'ms' }],
    };
  }
  return {
    worstCaseSeconds: retransmissionAbort(retries2),
    formula: 'a tail-loss probe, then N + 1 RTOs doubling from about 0.214 s, each at most 120 s',
    terms: [n('N', retries2)],
  };
}

/** OpenSSH client: the counter is checked before each probe, so I * (C + 1) after the last packet. */
export function sshClient(a: Alive): Detection {
  return {
    worstCaseSeconds: a.interval * (a.count + 1),
    formula: 'ServerAliveInterval × (ServerAliveCountMax + 1)',
    terms: [s('ServerAliveInterval', a.interval), n('ServerAliveCountMax', a.count)],
  };
}

/** How many ClientAliveIntervals pass between two sshd probes for this version. */
export function sshdProbeSpacing(version: Version): 1 | 2 {
  return compareVersions(version, SSHD_FIXED_IN) >= 0 ? 1 : 2;
}

/** sshd: I * (C + 1) from 9.5; about twice that before (each probe slips one interval). */
export function sshServer(a: Alive, version: Version): Detection {
  const k = sshdProbeSpacing(version);
  const terms = [s('ClientAliveInterval', a.interval), n('ClientAliveCountMax', a.count)];
  if (k === 1)
    return {
      worstCaseSeconds: a.interval * (a.count + 1),
      formula: 'ClientAliveInterval × (ClientAliveCountMax + 1)',
      terms,
    };
  return {
    worstCaseSeconds: 2 * a.interval * (a.count + 1),
    formula: '2 × ClientAliveInterval × (ClientAliveCountMax + 1) (sshd before 9.5)',
    terms,
  };
}

/** Node's socket.setKeepAlive(true, ms): idle floor(ms/1000), then 10 probes 1 s apart; 0 keeps the OS values. */
export function nodeSetKeepAlive(delayMs: number, os: Keepalive = LINUX_DEFAULTS): Detection {
  const idle = Math.floor(delayMs / 1000);
  if (idle < 1) return idleKeepalive(os);
  return idleKeepalive({ idle, interval: NODE_FIXED.interval, count: NODE_FIXED.count });
}

/** Elasticsearch transport sockets: the OS (or configured) idle and interval clamped to 300 s. */
export function esTransport(k: Keepalive): Detection {
  const c = {
    idle: Math.min(k.idle, ES_TRANSPORT_CLAMP),
    interval: Math.min(k.interval, ES_TRANSPORT_CLAMP),
    count: k.count,
  };
  return {
    worstCaseSeconds: c.idle + c.count * c.interval,
    formula: 'min(T, 300) + P × min(I, 300)',
    terms: kaTerms(k),
  };
}
