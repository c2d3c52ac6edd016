/**
 * Every detection figure comes from one timeline of the connection (lib/timeline/connection.ts): the
 * mechanisms of a layer run together on one socket, in each situation the layer can be in, at each
 * phase of its timers at the moment of death; a layer's worst case is the worst of those. The closed
 * forms of lib/detection.ts are the test oracles of single mechanisms (tests/unit/timeline.test.ts).
 */
import type { Detection, Term } from '../types';
import { Connection, ms, type Cause, type TimelineEvent } from './connection';

export { Connection, type Cause, type EventKind, type TimelineEvent } from './connection';

/** The situations a layer can be in when its peer dies (the JSON's `situation`). */
export const SITUATIONS = ['idle', 'waiting-for-reply', 'writing-result', 'streaming-dump', 'chatty-session'] as const;
export type SituationId = (typeof SITUATIONS)[number];

/** Plain words for each situation, for the page and the CLI. */
export const SITUATION_LABELS = {
  idle: 'idle',
  'waiting-for-reply': 'waiting for a reply',
  'writing-result': 'writing a result',
  'streaming-dump': 'streaming a dump',
  'chatty-session': 'a chatty session',
} as const satisfies Record<SituationId, string>;

/** The situation as the end of a sentence: "detected within 2 min, at worst while writing a result". */
export const SITUATION_WHILE = {
  idle: 'when idle',
  'waiting-for-reply': 'while waiting for a reply',
  'writing-result': 'while writing a result',
  'streaming-dump': 'while streaming a dump',
  'chatty-session': 'in a chatty session',
} as const satisfies Record<SituationId, string>;

/**
 * One situation of a layer: how to build its timeline for a given offset, and the offsets to try.
 * The offset is the one free phase of the situation, in seconds after the last segment received:
 * when the application writes, when a heartbeat's clock ticks first. `offsets` holds the candidate
 * phases (the ends of `range` and the points where the outcome changes); the worst is the figure.
 */
export interface SituationModel {
  readonly situation: SituationId;
  /** What the offset means, for a lab run that applies it ("when the backend writes its result"). */
  readonly offsetMeans: string;
  /** The offsets a run may take, inclusive; [0, 0] when the situation has no free phase. */
  readonly range: readonly [number, number];
  readonly offsets: readonly number[];
  readonly terms: readonly Term[];
  /** Names the model with every parameter (lib/timeline/models.ts): equal keys, equal timelines. */
  readonly key: string;
  readonly build: (c: Connection, offset: number) => void;
}

/** A situation's outcome at one offset: when the layer knows (null: never), and the events in order. */
export interface SituationOutcome {
  readonly situation: SituationId;
  readonly worstCaseSeconds: number | null;
  readonly offset: number;
  readonly events: readonly TimelineEvent[];
  /** The mechanism that ended the connection; undefined when nothing does. */
  readonly decidedBy: Cause | undefined;
}

/** The timeline of one situation at one offset. */
export function outcomeAt(model: SituationModel, offset: number): SituationOutcome {
  const c = new Connection();
  model.build(c, offset);
  const end = c.run();
  return {
    situation: model.situation,
    worstCaseSeconds: end,
    offset: ms(offset),
    events: c.events,
    decidedBy: c.end?.cause,
  };
}

/** Whether `a` is strictly later than `b`; `null` (never) is later than any time. */
const worse = (a: number | null, b: number | null) => (a === null ? b !== null : b !== null && a > b);

/** Worst outcomes by model key: a plan recomputes the same timelines on every edit (bounded, cleared when full). */
const WORST = new Map<string, SituationOutcome>();
const WORST_MAX = 2000;

/** The worst outcome of a situation over its offsets (the first of equals, so the earliest phase). */
export function worstOutcome(model: SituationModel): SituationOutcome {
  const cached = WORST.get(model.key);
  if (cached) return cached;
  const worst = computeWorst(model);
  if (WORST.size >= WORST_MAX) WORST.clear();
  WORST.set(model.key, worst);
  return worst;
}

function computeWorst(model: SituationModel): SituationOutcome {
  let worst: SituationOutcome | undefined;
  for (const offset of model.offsets) {
    const o = outcomeAt(model, offset);
    if (worst === undefined || worse(o.worstCaseSeconds, worst.worstCaseSeconds)) worst = o;
    if (o.worstCaseSeconds === null) break;
  }
  return worst ?? outcomeAt(model, 0);
}

/** One line from the events: "ssh sends alive message 1 at 8 s; ...; ssh gives up at 32 s". */
export function explain(events: readonly TimelineEvent[]): string {
  const said = new Set<string>();
  const parts: string[] = [];
  for (const e of events) {
    // Repeated probes and heartbeats are told once, with the first time.
    const key = e.kind === 'probe' || e.kind === 'heartbeat' ? `${e.kind}:${e.by}` : `${parts.length}`;
    if (said.has(key)) continue;
    said.add(key);
    parts.push(`${e.note} at ${formatAt(e.at)}`);
  }
  return parts.join('; ');
}

const formatAt = (t: number) => (Number.isInteger(t) ? `${t} s` : `${t.toFixed(3).replace(/0+$/, '')} s`);

/** The models behind each Detection detectionOf made, for a lab run at another phase (tests/lab). */
const MODELS = new WeakMap<Detection, readonly SituationModel[]>();

/** The situation models a Detection was computed from (empty for one not made by detectionOf). */
export function modelsOf(d: Detection): readonly SituationModel[] {
  return MODELS.get(d) ?? [];
}

/** One situation of a Detection at a chosen offset: what the model predicts for a run cut at that phase. */
export function situationAt(d: Detection, situation: SituationId, offset: number): SituationOutcome {
  const model = modelsOf(d).find((m) => m.situation === situation);
  if (!model) throw new Error(`no situation ${situation} in this detection`);
  return outcomeAt(model, offset);
}

/**
 * A live reader that stops reading (its window closes) while TCP_USER_TIMEOUT is set: tcp_probe_timer
 * aborts after about U of zero-window probing although the peer ACKs every probe (FACTS.md section 10,
 * measured 3.3 s with U = 3 s). Without U a live reader is never cut.
 */
export function pausedReaderCut(userTimeoutMs: number | undefined): number | null {
  return userTimeoutMs ? userTimeoutMs / 1000 : null;
}

/**
 * A layer's Detection: the worst situation over the models (never, null, is the worst), with its
 * events; every situation's own worst case beside it. `formula` says in words what ends it.
 */
export function detectionOf(models: readonly SituationModel[]): Detection {
  const outcomes = models.map(worstOutcome);
  let worst = outcomes[0]!;
  for (const o of outcomes) if (worse(o.worstCaseSeconds, worst.worstCaseSeconds)) worst = o;
  const model = models[outcomes.indexOf(worst)]!;
  const d: Detection = {
    worstCaseSeconds: worst.worstCaseSeconds,
    // What ends it, in words; `events` tells the whole story (explain() puts it in one line).
    formula: worst.events.at(-1)?.note ?? 'nothing ends the connection',
    terms: model.terms,
    situation: worst.situation,
    decidedBy: worst.decidedBy,
    events: worst.events,
    situations: outcomes.map(({ situation, worstCaseSeconds, offset }) => ({ situation, worstCaseSeconds, offset })),
  };
  MODELS.set(d, models);
  return d;
}
