/**
 * Bare numbers are seconds: "5" meant as five minutes gives a host-wide probe every second or two.
 * What counts as implausible and as aggressive is read from the middlebox catalogue, so it moves
 * with the catalogue rather than with a number written here.
 */
import { MIDDLEBOXES } from './middleboxes';
import { formatDuration } from './time';
import type { Plan, Warning } from './types';

/**
 * The shortest default idle timeout of any box in lib/middleboxes.ts (30 s today, the GCP proxy
 * Network Load Balancer; the next are 50 s and 55 s). No catalogued box forgets an idle flow sooner.
 */
export const SHORTEST_BOX_TIMEOUT: number = Math.min(
  ...MIDDLEBOXES.flatMap((m) => (m.defaultSeconds === null ? [] : [m.defaultSeconds])),
);

/**
 * A path timeout or goal typed as a bare number of seconds below the shortest catalogued box timeout
 * is more likely minutes: returns the number to offer as minutes, or undefined when it is plausible.
 */
export function minutesMeant(amount: string, unit: string): number | undefined {
  if (unit !== 's' || !/^\d{1,4}$/.test(amount.trim())) return undefined;
  const n = Number(amount.trim());
  return n >= 1 && n < SHORTEST_BOX_TIMEOUT ? n : undefined;
}

/** A kernel idle time below half the shortest catalogued timeout is more than any catalogued box needs. */
export const AGGRESSIVE_IDLE_BELOW = SHORTEST_BOX_TIMEOUT / 2;
/** A TCP_USER_TIMEOUT below the shortest catalogued timeout aborts live connections on short stalls. */
export const AGGRESSIVE_USER_TIMEOUT_BELOW_MS = SHORTEST_BOX_TIMEOUT * 1000;

/**
 * What aggressive values cost every socket: a healthy idle connection with SO_KEEPALIVE sends a probe
 * every T (the next probe comes T after an answered one, FACTS.md section 1), and TCP_USER_TIMEOUT
 * aborts any connection whose data stays unacknowledged for U, a live but paused reader too
 * (FACTS.md section 10). Nothing for an infeasible plan: it renders no values.
 */
export function aggressiveWarnings(plan: Pick<Plan, 'values' | 'infeasible'>): Warning[] {
  if (plan.infeasible) return [];
  const { idle } = plan.values.keepalive;
  const u = plan.values.userTimeoutMs;
  const fastProbes = idle < AGGRESSIVE_IDLE_BELOW;
  const shortAbort = u !== undefined && u < AGGRESSIVE_USER_TIMEOUT_BELOW_MS;
  if (!fastProbes && !shortAbort) return [];
  const parts = [
    ...(fastProbes
      ? [
          `with tcp_keepalive_time = ${idle}, every idle connection with SO_KEEPALIVE on the host (in its network namespace) sends a probe every ${formatDuration(idle)} and waits for the answer`,
        ]
      : []),
    ...(shortAbort
      ? [
          `TCP_USER_TIMEOUT = ${u} ms aborts any connection whose sent data stays unacknowledged that long, a live reader that pauses that long included`,
        ]
      : []),
  ];
  return [
    {
      code: 'aggressive-host-wide',
      concerns: 'sysctl',
      message: `These values cost every socket, not only this one: ${parts.join('; ')}. No box in the catalogue forgets a connection in under ${formatDuration(SHORTEST_BOX_TIMEOUT)}: check that the path's timeout and the goal are what you meant (a bare number is seconds).`,
    },
  ];
}
