/**
 * The probe's arithmetic, with no I/O: the staggered ages of each round, the narrowing of the
 * bracket, the announced bounds (connections, run time), the verdicts and the query to open.
 * Ages are whole seconds (the resolution `--step` is at least 1 s).
 */
import { NICE } from '../choose';
import { MIDDLEBOXES } from '../middleboxes';

/** What one tested connection showed (ages in seconds since its last received byte). */
export type Outcome =
  | { readonly kind: 'alive'; readonly age: number }
  /** The path lost it: no reply (silent), ECONNRESET/EPIPE (reset), or a FIN from the path (close, echo mode only). */
  | { readonly kind: 'dead'; readonly age: number; readonly how: Expiry; readonly whileIdle?: boolean }
  /** The far end itself closed it (FIN) while idle: its own timeout, not the path's (ssh, http modes). */
  | { readonly kind: 'server-closed'; readonly age: number }
  /** Never tested: the connect failed, the server talked while idle, or the round stopped early. */
  | { readonly kind: 'untested' };

export type Expiry = 'silent' | 'reset' | 'close';

export interface Bounds {
  /** The largest age that survived (0 when none did). */
  readonly low: number;
  /** The smallest age at which the path lost a connection; null when none died. */
  readonly high: number | null;
}

/**
 * Round 1: n ages spread geometrically from `first` to `max` (a timeout is as likely 30 s as 3000 s;
 * the parallel test with one connection per age: shared/research/demand.md section 2a), strictly
 * increasing whole seconds. When max allows no more than n ages, every second up to max.
 */
export function firstRound(max: number, n: number, step: number): number[] {
  if (max <= n) return Array.from({ length: max }, (_, i) => i + 1);
  const first = Math.max(1, Math.min(step, Math.floor(max / n)));
  const ages: number[] = [];
  for (let k = 0; k < n; k++) {
    const geometric = n === 1 ? max : Math.round(first * (max / first) ** (k / (n - 1)));
    // Bumped past its predecessor, but leaving room for the ages still to come below max.
    ages.push(Math.min(max - (n - 1 - k), Math.max(geometric, (ages.at(-1) ?? 0) + 1)));
  }
  return ages;
}

/** A later round: up to n whole-second ages strictly inside (low, high), evenly spread. */
export function narrowRound(bounds: Bounds, n: number): number[] {
  if (bounds.high === null) return [];
  const lo = Math.floor(bounds.low) + 1;
  const hi = Math.ceil(bounds.high) - 1;
  if (hi < lo) return [];
  const count = hi - lo + 1;
  if (count <= n) return Array.from({ length: count }, (_, i) => lo + i);
  const ages = new Set<number>();
  for (let k = 1; k <= n; k++) ages.add(Math.round(bounds.low + ((bounds.high - bounds.low) * k) / (n + 1)));
  return [...ages].filter((a) => a >= lo && a <= hi).sort((a, b) => a - b);
}

/** The bracket from every outcome so far: low = largest age alive, high = smallest age the path lost. */
export function bounds(outcomes: readonly Outcome[]): Bounds {
  let low = 0;
  let high: number | null = null;
  for (const o of outcomes) {
    // A FIN from the server crossed the path at that age: the flow was still alive then.
    if (o.kind === 'alive' || o.kind === 'server-closed') low = Math.max(low, Math.floor(o.age));
    if (o.kind === 'dead') high = Math.min(high ?? Infinity, Math.ceil(o.age));
    // Ended by the path while idle (its FIN or RST at age x): the connection was open at every whole
    // second before x, so a box that closes at its timeout is bracketed by this one connection.
    if (o.kind === 'dead' && o.whileIdle === true) low = Math.max(low, Math.ceil(o.age) - 1);
  }
  // Contradictory results (an older connection alive, a younger one dead) keep the bracket honest.
  if (high !== null && low >= high) low = Math.max(0, high - 1);
  return { low, high };
}

/**
 * A server with an idle timeout of its own (sshd's LoginGraceTime, an HTTP server's header
 * timeout) closes connections at about S s: a test sent at about that age meets the closing
 * server (an RST, a FIN), not a box on the path. Such deaths, within half a second of the first
 * server close or after it, are the server's. An echo far end never closes (echoMain).
 */
export function attribute(outcomes: readonly Outcome[], echo: boolean): Outcome[] {
  const closes = outcomes.filter((o) => o.kind === 'server-closed').map((o) => o.age);
  if (echo || closes.length === 0) return [...outcomes];
  const first = Math.min(...closes);
  return outcomes.map((o) => (o.kind === 'dead' && o.age >= first - 0.5 ? { kind: 'server-closed', age: o.age } : o));
}

/** Done when the bracket is at most one step wide, nothing died, or no whole second is left inside. */
export function narrowed(b: Bounds, step: number, n: number): boolean {
  return b.high === null || b.high - b.low <= step || narrowRound(b, n).length === 0;
}

/**
 * The number of rounds in the worst case: round 1, then narrowing with the widest sub-bracket each
 * time, until one step wide. Capped: past MAX_ROUNDS the run would take hours for little gain.
 */
export const MAX_ROUNDS = 6;
export function worstRounds(max: number, n: number, step: number): number {
  const ages = [0, ...firstRound(max, n, step)];
  let worst: Bounds = { low: 0, high: 0 };
  for (let i = 1; i < ages.length; i++) {
    const low = ages[i - 1] ?? 0;
    const high = ages[i] ?? 0;
    if (high - low > (worst.high ?? 0) - worst.low) worst = { low, high };
  }
  let rounds = 1;
  while (rounds < MAX_ROUNDS && !narrowed(worst, step, n)) {
    const inside = [worst.low, ...narrowRound(worst, n), worst.high ?? 0];
    let next: Bounds = { low: worst.low, high: worst.low };
    for (let i = 1; i < inside.length; i++) {
      const low = inside[i - 1] ?? 0;
      const high = inside[i] ?? 0;
      if (high - low > (next.high ?? 0) - next.low) next = { low, high };
    }
    worst = next;
    rounds += 1;
  }
  return rounds;
}

export interface Limits {
  readonly max: number;
  readonly step: number;
  readonly connections: number;
  readonly keepaliveCheck: boolean;
  /** Seconds to wait for a reply after sending at the test age, and for a connect. */
  readonly replyTimeout: number;
  readonly connectTimeout: number;
}

/** Connections in the keepalive set: two, so one lost SYN or a fluke does not decide alone. */
export const KEEPALIVE_SET = 2;

/** The keepalive set's test age: one step above the first round's `high` (where plain connections died). */
export function keepaliveAge(high: number, step: number): number {
  return high + step;
}

/**
 * Node's setKeepAlive delay for the keepalive set: half of `low`, whole seconds (TCP_KEEPIDLE =
 * floor(ms / 1000), then probes every 1 s: FACTS.md section 2), so probes reach the box well
 * inside the time it is known to keep an idle flow. Null when low is too small for a 1-s idle.
 */
export function keepaliveDelay(low: number): number | null {
  const d = Math.floor(low / 2);
  return d >= 1 ? d : null;
}

/**
 * What the probe announces before it opens anything: every connection it may open (one preflight,
 * every round at full size, the keepalive set) and the longest it may run. The keepalive set runs
 * beside round 2 and ends at most one step after the longest age.
 */
export function announce(l: Limits): { connections: number; seconds: number } {
  const rounds = worstRounds(l.max, l.connections, l.step);
  const perRound = l.connectTimeout + l.max + l.replyTimeout;
  const preflight = l.connectTimeout + 2 * l.replyTimeout;
  const keepalive = l.keepaliveCheck ? l.step : 0;
  return {
    connections:
      1 +
      firstRound(l.max, l.connections, l.step).length +
      (rounds - 1) * l.connections +
      (l.keepaliveCheck ? KEEPALIVE_SET : 0),
    seconds: Math.ceil(preflight + rounds * perRound + keepalive),
  };
}

/** How the path expired idle flows: the way most deaths went (ties: the youngest death's way). */
export function expiryVerdict(outcomes: readonly Outcome[]): Expiry | null {
  const deaths = outcomes
    .filter((o): o is Extract<Outcome, { kind: 'dead' }> => o.kind === 'dead')
    .sort((a, b) => a.age - b.age);
  const count = (how: Expiry): number => deaths.filter((d) => d.how === how).length;
  let best: Expiry | null = null;
  for (const d of deaths) if (best === null || count(d.how) > count(best)) best = d.how;
  return best;
}

/** Keepalive verdict from the keepalive set: true when all survived, false when all died, else null. */
export function keepaliveVerdict(outcomes: readonly Outcome[]): boolean | null {
  const tested = outcomes.filter((o) => o.kind === 'alive' || o.kind === 'dead');
  if (tested.length === 0) return null;
  if (tested.every((o) => o.kind === 'alive')) return true;
  if (tested.every((o) => o.kind === 'dead')) return false;
  return null;
}

/**
 * A timeout a person would type, never above what survived: the planner's round values
 * (lib/choose.ts NICE) up to 300 s, whole tens of seconds above.
 */
export function safeIdle(low: number): number | null {
  if (low < 1) return null;
  if (low > 300) return Math.floor(low / 10) * 10;
  return [...NICE].reverse().find((v) => v <= low) ?? null;
}

/** Boxes whose default timeout lies in [low, high] and whose keepalive semantics match what was seen. */
export function matchingBoxes(b: Bounds, keepalive: boolean | null): string[] {
  if (b.high === null) return [];
  const high = b.high;
  return MIDDLEBOXES.filter((m) => {
    if (m.defaultSeconds === null || m.defaultSeconds < b.low || m.defaultSeconds > high) return false;
    if (keepalive === null) return true;
    return m.keepaliveResetsTimer === (keepalive ? 'yes' : 'no');
  }).map((m) => m.id);
}

/** The page's query: `via=<id>` when exactly one box matches, else `idle=<low rounded down>`. */
export function probeQuery(b: Bounds, keepalive: boolean | null): string | null {
  const boxes = matchingBoxes(b, keepalive);
  if (boxes.length === 1) return `via=${boxes[0]}`;
  const idle = safeIdle(b.low);
  return idle === null ? null : `idle=${idle}`;
}
