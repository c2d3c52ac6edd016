/**
 * The plain-words headline shared by the page, the runbook and the CLI. It answers the complaint
 * ("my idle connections die") first: whether they now outlive each box on the path, and which box
 * dropped them before, and after how long; then how soon a dead peer is noticed (DESIGN.md, The page).
 */
import { ASSUMED, boundName, boxTimeout } from './path';
import { middlebox } from './middleboxes';
import { fmt } from './render/snippet';
import { formatDuration } from './time';
import { SITUATION_WHILE } from './timeline';
import type { LayerDetection, Plan } from './types';

export function headlineLayer(plan: Plan): LayerDetection | undefined {
  return plan.detection.find((d) => d.layer === plan.headline);
}

/** One thing on the path that forgets an idle connection: a box, or the idle timeout typed (or assumed). */
export interface Forgetter {
  readonly from: string;
  /** "the AWS NAT Gateway" */
  readonly name: string;
  /** "the AWS NAT Gateway (5 min 50 s)" */
  readonly phrase: string;
  readonly seconds: number;
}

const the = (name: string) =>
  /^(A|An|The) /.test(name) ? name.replace(/^(A|An|The) /, (m) => m.toLowerCase()) : `the ${name}`;

function forgetter(plan: Plan, from: string | undefined, seconds: number | undefined): Forgetter | undefined {
  if (from === undefined || seconds === undefined) return undefined;
  const box = middlebox(from);
  const set = box && plan.input.via.seconds[box.id] !== undefined ? ', as configured' : '';
  const name = box ? the(box.name) : boundName(from);
  return { from, name, seconds, phrase: `${name} (${formatDuration(seconds)}${set})` };
}

/** Every box and typed timeout on the path whose idle timeout is known, shortest first. */
export function forgetters(plan: Plan): Forgetter[] {
  const { input } = plan;
  const all: Forgetter[] = [];
  if (input.idle !== undefined) {
    const from = plan.path.packetFrom === ASSUMED ? ASSUMED : 'idle';
    const name = from === ASSUMED ? 'an assumed idle timeout' : "the path's idle timeout";
    all.push({ from, name, seconds: input.idle, phrase: `${name} (${formatDuration(input.idle)})` });
  }
  for (const id of input.via.ids) {
    const box = middlebox(id);
    const seconds = box ? boxTimeout(input, box) : null;
    const f = seconds === null ? undefined : forgetter(plan, id, seconds);
    if (f) all.push(f);
  }
  return all.sort((a, b) => a.seconds - b.seconds);
}

/** The boxes on the path whose idle timeout nobody knows (the generic ones, and the undocumented). */
export function unknownBoxes(plan: Plan): string[] {
  return plan.input.via.ids.flatMap((id) => {
    const box = middlebox(id);
    return box && boxTimeout(plan.input, box) === null ? [the(box.name)] : [];
  });
}

/** The box that forgets idle connections first in a phase, from the one survival verdict (lib/timeline/survival.ts). */
function failed(plan: Plan, phase: 'before' | 'after'): Forgetter | undefined {
  const f = plan.survival[phase].failing;
  if (!f) return undefined;
  if (f.box === 'idle' || f.box === ASSUMED)
    return {
      from: f.box,
      name: boundName(f.box),
      seconds: f.seconds,
      phrase: `${boundName(f.box)} (${formatDuration(f.seconds)})`,
    };
  return forgetter(plan, f.box, f.seconds);
}

const list = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** Who drops idle connections in a phase, and after how long: "the AWS NAT Gateway dropped them after 5 min 50 s idle". */
function dropped(plan: Plan, phase: 'before' | 'after', alone: boolean): string {
  const one = failed(plan, phase);
  if (!one) return 'nothing on the path drops them';
  // A payload-only box lacked application data: probes do not refresh it (FACTS.md section 8).
  const why = plan.survival[phase].failing?.kind === 'payload' ? ' (TCP keepalive probes do not count for it)' : '';
  if (one.from === 'idle' || one.from === ASSUMED)
    return `they ${phase === 'before' ? 'were' : 'are'} dropped after ${formatDuration(one.seconds)} idle`;
  return `${alone ? 'it' : one.name} ${phase === 'before' ? 'dropped' : 'drops'} them after ${formatDuration(one.seconds)} idle${why}`;
}

/**
 * The answer, survival first. "Idle connections now outlive the AWS NAT Gateway (5 min 50 s);
 * before, it dropped them after 5 min 50 s idle." An assumed timeout says it is an assumption and is
 * never certified; boxes of unknown timeout are named as not checked; when the defaults already
 * outlived every box, it says so instead of presenting an improvement.
 */
export function headlineText(plan: Plan): string {
  if (plan.infeasible) return `No values fit: ${plan.infeasible.message}`;
  const before = plan.survival.before.ok;
  const after = plan.survival.after.ok;
  const unknown = unknownBoxes(plan);
  const measure = `measure ${unknown.length === 1 ? 'its' : 'their'} idle timeout (keepalive-config probe) and enter it as the path's idle timeout`;
  const unchecked = unknown.length > 0 ? ` Not checked: ${list(unknown)}; ${measure}.` : '';
  if (after === null || before === null) {
    if (unknown.length > 0) return `Whether idle connections outlive ${list(unknown)} is not known: ${measure}.`;
    return 'No idle timeout is known for this path, so whether idle connections outlive it is not checked.';
  }
  const all = forgetters(plan);
  if (plan.path.packetFrom === ASSUMED) {
    const f = formatDuration(plan.path.packetTimeout ?? 0);
    const verdict = after
      ? `Idle connections would outlive a ${f} idle timeout`
      : `Idle connections would not outlive a ${f} idle timeout`;
    const was = before ? 'the defaults would too' : `with the defaults, such a box would drop them after ${f} idle`;
    return `${verdict}, an assumption: give yours or pick a box. ${was[0]?.toUpperCase()}${was.slice(1)}.`;
  }
  const everything = list(all.map((f) => f.phrase));
  if (after && before)
    return `Idle connections already outlive ${everything} with the defaults; the values below only notice a dead peer sooner.${unchecked}`;
  if (after)
    return `Idle connections now outlive ${everything}; before, ${dropped(plan, 'before', all.length === 1)}.${unchecked}`;
  const now = `Idle connections still do not outlive the path: ${dropped(plan, 'after', false)}`;
  return `${now}; ${before ? 'with the defaults they did outlive it' : 'the defaults did no better'}.${unchecked}`;
}

/** "A dead peer is detected within 6 min 15 s (was 2 h 11 min 15 s)." The line after the headline. */
export function detectionText(plan: Plan): string {
  const h = headlineLayer(plan);
  if (!h || plan.infeasible) return '';
  const when = h.after.situation === 'idle' ? '' : `, at worst ${SITUATION_WHILE[h.after.situation]}`;
  return `A dead peer is detected within ${fmt(h.after)} (was ${fmt(h.before)})${when}.`;
}
