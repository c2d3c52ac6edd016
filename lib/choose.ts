/**
 * Chooses round, human values under the constraints of FACTS.md: T + I < probe deadline (one lost
 * probe is survived), worst case <= goal, every value inside the target's range, P >= 3, and an
 * application heartbeat below the smallest timeout on the path.
 */
import type { Alive, Infeasible, Keepalive } from './types';

/** Round values a person would type: 1..10 s, then multiples of 5 and 10. */
export const NICE = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 45, 50, 60, 75, 90, 100, 120, 150, 180, 200, 240, 300,
] as const;
/** T never exceeds 5 min: past that, detection stops being prompt whatever the path allows. */
export const IDLE_CAP = 300;
/** Probe counts in order of preference: 5 tolerates a few lost probes; never fewer than 3. */
export const COUNT_PREFERENCE = [5, 4, 3] as const;
/** An application heartbeat (ssh alive message) is sent at least once a minute. */
export const HEARTBEAT_CAP = 60;

export interface KeepaliveLimits {
  /** Largest T and I the target accepts (Elasticsearch: 300; per-socket options: 32767). */
  readonly idleMax: number;
  readonly intervalMax: number;
}

const desc = (max: number) => NICE.filter((v) => v <= max).reverse();

function fits(k: Keepalive, probeDeadline: number | undefined, goal: number | undefined): boolean {
  return (
    (probeDeadline === undefined || k.idle + k.interval < probeDeadline) &&
    (goal === undefined || k.idle + k.count * k.interval <= goal)
  );
}

/**
 * The kernel triple: the preferred count first (loss tolerance), then the largest T (fewest wake-ups),
 * then an interval between T/20 and T/10 so that P probes span a short outage. A second pass allows
 * any interval up to T.
 */
export function chooseKeepalive(
  probeDeadline: number | undefined,
  goal: number | undefined,
  limits: KeepaliveLimits,
  accept: (k: Keepalive) => boolean = () => true,
): Keepalive | Infeasible {
  for (const pass of ['spread', 'any'] as const) {
    for (const count of COUNT_PREFERENCE) {
      for (const idle of desc(Math.min(IDLE_CAP, limits.idleMax))) {
        const lo = pass === 'spread' ? Math.max(1, Math.floor(idle / 20)) : 1;
        const hi = pass === 'spread' ? Math.max(1, idle / 10) : idle;
        for (const interval of desc(Math.min(hi, limits.intervalMax)).filter((i) => i >= lo)) {
          const k = { idle, interval, count };
          // The closed form is a quick necessary test; `accept` runs the timeline of every layer (lib/planner.ts).
          if (fits(k, probeDeadline, goal) && accept(k)) return k;
        }
      }
    }
  }
  if (probeDeadline !== undefined && probeDeadline <= 2) {
    return {
      constraint: 'path-timeout',
      message: `Keepalive needs T + I below ${probeDeadline} s (the path's timeout less a margin), but T and I are at least 1 s each. No TCP keepalive can keep this path alive: raise the box's idle timeout or send application traffic more often.`,
    };
  }
  return {
    constraint: 'goal',
    message: `No keepalive values detect a dead peer within the goal of ${goal} s: the fastest allowed is T = 1 s, I = 1 s, P = 3 (4 s). Raise the goal.`,
  };
}

/**
 * An alive heartbeat (ssh ServerAlive/ClientAlive). `spacing` is how many intervals pass between two
 * probes (2 for sshd before 9.5). The probe gap stays below the deadline and the cap; the count
 * prefers 3 (OpenSSH's default) and never goes below 1.
 */
export function chooseAlive(
  heartbeatDeadline: number | undefined,
  goal: number | undefined,
  spacing: 1 | 2,
): Alive | Infeasible {
  const gapMax = Math.min(HEARTBEAT_CAP, heartbeatDeadline === undefined ? Infinity : heartbeatDeadline - 1);
  for (const interval of desc(Math.floor(gapMax / spacing))) {
    for (const count of [3, 2, 1]) {
      if (goal === undefined || spacing * interval * (count + 1) <= goal) return { interval, count };
    }
  }
  if (gapMax < spacing) {
    return {
      constraint: 'path-timeout',
      message: `The path forgets an idle connection too soon for a heartbeat of at least ${spacing} s to fit with a margin.`,
    };
  }
  return {
    constraint: 'goal',
    message: `No alive interval detects a dead peer within the goal of ${goal} s: the fastest is ${2 * spacing} s (interval 1 s, count 1). Raise the goal.`,
  };
}

/** A pool or heartbeat period strictly below the deadline, capped, on the round-value scale. */
export function choosePeriod(deadline: number | undefined, cap: number): number | undefined {
  return desc(Math.min(cap, deadline === undefined ? Infinity : deadline - 1))[0];
}

export function isInfeasible<T extends object>(v: T | Infeasible): v is Infeasible {
  return 'constraint' in v;
}
