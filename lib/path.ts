/**
 * The path as the planner sees it: the smallest timeout of the boxes that TCP keepalive probes keep
 * alive, and the smallest of those that need payload (FACTS.md section 8).
 */
import { knownBox, middlebox, type KnownMiddlebox } from './middleboxes';
import { formatDuration } from './time';
import type { Infeasible, Input, PathSummary, Warning } from './types';

/**
 * Room left for one lost probe and timer slack: 10% of the timeout, at least 1 s.
 * Kernel timers fire up to ~12% late only on long timeouts (FACTS.md section 1, timer slack);
 * T + I < F - margin keeps a second chance inside the box's window (FACTS.md section 8 rule).
 */
export function margin(timeout: number): number {
  return Math.max(1, Math.ceil(timeout / 10));
}

interface Bound {
  readonly seconds: number;
  readonly from: string;
}

const smaller = (a: Bound | undefined, b: Bound | undefined) => (!a ? b : !b ? a : b.seconds < a.seconds ? b : a);

/** Summarizes the path and says in plain words what it could not know. */
export function summarizePath(input: Input): { path: PathSummary; boxes: KnownMiddlebox[]; warnings: Warning[] } {
  const boxes = input.via.ids.map(knownBox);
  const warnings: Warning[] = [];
  // A typed number is taken as a stateful firewall or NAT, which counts every packet. The 300 s that
  // stands in when nothing was given is marked 'assumed', so no message presents it as the user's.
  let packet: Bound | undefined =
    input.idle === undefined ? undefined : { seconds: input.idle, from: isAssumedIdle(input) ? ASSUMED : 'idle' };
  let payload: Bound | undefined;
  for (const box of boxes) {
    const seconds = boxTimeout(input, box);
    if (seconds === null) {
      warnings.push({
        code: 'unknown-timeout',
        concerns: 'via',
        message: `${box.name} has no documented idle timeout, and the plan does not guess one: measure it (keepalive-config probe) and enter it as the path's idle timeout.`,
      });
      continue;
    }
    const bound = { seconds, from: box.id };
    if (box.keepaliveResetsTimer === 'no') {
      payload = smaller(payload, bound);
    } else {
      // "unknown" is planned on the safe side: probes must fit its window, and a heartbeat is added too.
      packet = smaller(packet, bound);
      if (box.keepaliveResetsTimer === 'unknown') {
        payload = smaller(payload, bound);
        warnings.push({
          code: 'unknown-keepalive-behaviour',
          concerns: 'via',
          message: `Whether TCP keepalive probes keep ${box.name} from forgetting the connection is not documented: the plan keeps probes inside its ${formatDuration(seconds)} window and also relies on an application-level heartbeat where the target has one.`,
        });
      }
    }
  }
  if (!packet && !payload) {
    warnings.push({
      code: 'no-path-timeout',
      concerns: 'idle',
      message:
        'No idle timeout is known for this path: the plan aims at prompt detection only. Enter the timeout of the firewall, NAT or load balancer to make sure the connection also survives it.',
    });
  }
  const any = smaller(packet, payload);
  return {
    boxes,
    warnings,
    path: {
      packetTimeout: packet?.seconds,
      packetFrom: packet?.from,
      payloadTimeout: payload?.seconds,
      payloadFrom: payload?.from,
      probeDeadline: packet ? packet.seconds - margin(packet.seconds) : undefined,
      heartbeatDeadline: any ? any.seconds - margin(any.seconds) : undefined,
    },
  };
}

/**
 * lib/schema.ts DEFAULT_IDLE_SECONDS, the value the codec fills in when no idle timeout and no box is
 * given; not imported, as the schema pulls zod into the page's first load (a unit test keeps them equal).
 */
export const ASSUMED_IDLE_SECONDS = 300;

/** The `from` of a bound that no input gave: the default idle timeout standing in (lib/schema.ts DEFAULT_IDLE_SECONDS). */
export const ASSUMED = 'assumed';

/**
 * Whether the path's idle timeout is the assumed default rather than a number anyone gave: no box
 * and the default value. The query cannot tell a typed 300 from none (writeQuery leaves defaults
 * out, lib/url.ts), so both read as the assumption, which is the safe side to err on.
 */
export function isAssumedIdle(input: Input): boolean {
  return input.via.ids.length === 0 && input.idle === ASSUMED_IDLE_SECONDS;
}

/** The idle timeout of a box on this path: the one it is configured to, else its default (null: unknown). */
export function boxTimeout(input: Input, box: KnownMiddlebox): number | null {
  return input.via.seconds[box.id] ?? box.defaultSeconds;
}

/** The name of the thing that sets a bound, for messages. */
export function boundName(from: string | undefined): string {
  if (from === undefined) return 'the path';
  if (from === 'idle') return "the path's idle timeout";
  if (from === ASSUMED) return 'an assumed idle timeout (none was given)';
  return middlebox(from)?.name ?? from;
}

/**
 * The infeasible verdict in the words of this path: a path-timeout failure names what set the
 * timeout (the number typed, or the box picked) and the fix that fits it, never "the box" when
 * no box was chosen; other verdicts pass through unchanged.
 */
export function explainInfeasible(infeasible: Infeasible, path: PathSummary): Infeasible {
  if (infeasible.constraint !== 'path-timeout' || path.packetTimeout === undefined || path.probeDeadline === undefined)
    return infeasible;
  const from = path.packetFrom;
  const box = from === undefined ? undefined : middlebox(from);
  const what = box
    ? `${box.name}'s ${path.packetTimeout} s idle timeout`
    : `the idle timeout you entered, ${path.packetTimeout} s,`;
  const fix = box
    ? `raise ${box.name}'s idle timeout${box.rangeSeconds ? '' : ' (it cannot be configured)'} or send application traffic more often`
    : 'check the number you entered (a bare number means seconds), or send application traffic more often';
  return {
    constraint: 'path-timeout',
    message: `Keepalive needs T + I below ${path.probeDeadline} s: ${what} less a margin. T and I are at least 1 s each, so no TCP keepalive can keep this path alive: ${fix}.`,
  };
}
