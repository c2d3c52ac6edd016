/**
 * The one function that decides whether an idle connection outlives the path. Each box forgets a flow
 * after its idle timeout F of silence of its kind: a packet-counting box is refreshed by any segment
 * (keepalive probes included), a payload-only box only by application data (FACTS.md section 8). A box
 * whose behaviour is not documented is held to both. The headline, the snippet headers, the timeline
 * picture and the CLI all read this verdict.
 */
import { ASSUMED, boxTimeout, isAssumedIdle } from '../path';
import { middlebox } from '../middleboxes';
import type { Failing, Input, Survival } from '../types';

/** The longest silence each kind of box sees on a healthy idle connection, seconds (undefined: never refreshed). */
export interface Gaps {
  readonly packet: number | undefined;
  readonly payload: number | undefined;
}

/** Every box on the path whose timeout is known, with the kinds of traffic that refresh it. */
export function pathBoxes(input: Input): { box: string; seconds: number; kinds: readonly Failing['kind'][] }[] {
  const boxes: { box: string; seconds: number; kinds: readonly Failing['kind'][] }[] = [];
  // A typed number is taken as a stateful firewall or NAT, which counts every packet (lib/path.ts).
  if (input.idle !== undefined)
    boxes.push({ box: isAssumedIdle(input) ? ASSUMED : 'idle', seconds: input.idle, kinds: ['packet'] });
  for (const id of input.via.ids) {
    const box = middlebox(id);
    const seconds = box ? boxTimeout(input, box) : null;
    if (!box || seconds === null) continue;
    const kinds =
      box.keepaliveResetsTimer === 'no'
        ? (['payload'] as const)
        : box.keepaliveResetsTimer === 'unknown'
          ? (['packet', 'payload'] as const)
          : (['packet'] as const);
    boxes.push({ box: id, seconds, kinds });
  }
  return boxes;
}

/**
 * Whether the gaps fit under every box: a box survives while the silence of its kind stays below its
 * timeout. `failing` is the box that forgets the connection first (the shortest timeout among those
 * that fail), with the kind of traffic it lacked. `ok` is null when no box's timeout is known.
 */
export function survival(input: Input, gaps: Gaps): Survival {
  const boxes = pathBoxes(input);
  if (boxes.length === 0) return { ok: null, failing: undefined };
  let failing: Failing | undefined;
  for (const { box, seconds, kinds } of boxes) {
    // The payload test first: a box held to both kinds that fails on payload lacked application data.
    for (const kind of [...kinds].reverse()) {
      const gap = gaps[kind];
      const fails = gap === undefined || gap >= seconds;
      if (fails && (failing === undefined || seconds < failing.seconds)) failing = { box, seconds, kind };
      if (fails) break;
    }
  }
  return { ok: failing === undefined, failing };
}
