/**
 * What timeline-ssh.test.ts needs besides the harness: the engine's timeline for a layer (from the CLI
 * JSON users get, and the same model in-process for a run at another phase), the run's seed, and
 * the clock ssh and sshd keep.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';
import { run } from '../../../lib/engine';
import { modelsOf, situationAt, type SituationModel, type SituationOutcome } from '../../../lib/timeline';
import type { Detection } from '../../../lib/types';
import { REPO } from '../harness/engine';
import { now, sleep } from '../harness/proc';

const TSX = `${REPO}node_modules/.bin/tsx`;
const CLI = `${REPO}lib/cli.ts`;

/** The fields of the CLI's JSON the timeline added (issue #11): per layer `after`, and `values`. */
const Situation = z.object({ situation: z.string(), worstCaseSeconds: z.number().nullable(), offset: z.number() });
const After = z.object({
  worstCaseSeconds: z.number().nullable(),
  situation: z.string(),
  decidedBy: z.string().optional(),
  situations: z.array(Situation),
});
const TimelineOutput = z.object({
  detection: z.array(z.object({ layer: z.string(), after: After })),
  values: z.object({
    keepalive: z.object({ idle: z.number(), interval: z.number(), count: z.number() }),
    serverAlive: z.object({ interval: z.number(), count: z.number() }).optional(),
    clientAlive: z.object({ interval: z.number(), count: z.number() }).optional(),
    retries2: z.number().optional(),
  }),
});
export type TimelineOutput = z.infer<typeof TimelineOutput>;

/** `tsx lib/cli.ts QUERY --format json`, the timeline fields only. */
export async function cliTimeline(query: string): Promise<TimelineOutput> {
  const { stdout } = await promisify(execFile)(TSX, [CLI, query, '--format', 'json'], { cwd: REPO, timeout: 60_000 });
  return TimelineOutput.parse(JSON.parse(stdout));
}

/** One situation of one layer, as the CLI states it and as the in-process model computes it at any phase. */
export interface LayerModel {
  readonly layer: string;
  readonly situation: string;
  /** The CLI's figures for this situation: its worst case and the phase (offset) that gives it. */
  readonly worstCaseSeconds: number;
  readonly worstOffset: number;
  /** The offsets a run may take (SituationModel.range) and what an offset means there. */
  readonly range: readonly [number, number];
  readonly offsetMeans: string;
  /** The model's outcome for a run whose phase is `offset`. */
  at(offset: number): SituationOutcome;
}

/**
 * The model of `situation` in `layer` for `query`. The CLI's worst case and worst offset must be what
 * the in-process model gives at that offset: the lab compares runs with the figures users are shown.
 */
export function layerModel(query: string, cli: TimelineOutput, layer: string, situation: string): LayerModel {
  const stated = cli.detection.find((d) => d.layer === layer)?.after.situations.find((s) => s.situation === situation);
  if (stated === undefined) throw new Error(`the CLI states no situation ${situation} for layer ${layer} of ${query}`);
  if (stated.worstCaseSeconds === null) throw new Error(`the CLI says ${layer} never ends ${situation} for ${query}`);
  const d: Detection | undefined = run(query).plan.detection.find((x) => x.layer === layer)?.after;
  if (d === undefined) throw new Error(`the engine has no layer ${layer} for ${query}`);
  const model: SituationModel | undefined = modelsOf(d).find((m) => m.situation === situation);
  if (model === undefined) throw new Error(`no model of ${situation} behind layer ${layer} of ${query}`);
  const atWorst = situationAt(d, model.situation, stated.offset).worstCaseSeconds;
  if (atWorst !== stated.worstCaseSeconds) {
    throw new Error(`${layer} ${situation}: the CLI says ${stated.worstCaseSeconds} s at offset ${stated.offset}, the model in-process ${String(atWorst)} s`);
  }
  return {
    layer,
    situation,
    worstCaseSeconds: stated.worstCaseSeconds,
    worstOffset: stated.offset,
    range: model.range,
    offsetMeans: model.offsetMeans,
    at: (offset) => situationAt(d, model.situation, offset),
  };
}

/**
 * The seed of this run's random phases: KALAB_SEED if set (to replay a run), else from the time.
 * Printed once, and written into every row's note that used it.
 */
export function runSeed(): number {
  const given = process.env.KALAB_SEED;
  const seed = given !== undefined && given !== '' ? Number(given) : Date.now() % 2 ** 31;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`KALAB_SEED must be a non-negative integer, got ${given}`);
  return seed;
}

/** A number in [0, 1) from the seed and a label, so each scenario's phase replays on its own (mulberry32). */
export function seeded(seed: number, label: string): number {
  let h = seed >>> 0;
  for (const ch of label) h = Math.imul(h ^ ch.charCodeAt(0), 0x9e3779b1) >>> 0;
  h = (h + 0x6d2b79f5) >>> 0;
  let t = h;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
}

/** A seeded phase inside [lo, hi]. */
export function seededIn(seed: number, label: string, [lo, hi]: readonly [number, number]): number {
  return lo + seeded(seed, label) * (hi - lo);
}

/**
 * CLOCK_BOOTTIME minus CLOCK_MONOTONIC, seconds. ssh and sshd keep time with monotime(), which reads
 * CLOCK_BOOTTIME where it exists (openssh-portable 9.2p1: misc.c monotime_ts), and the lab's times are
 * CLOCK_MONOTONIC: they differ by the time the machine spent suspended, so a whole second of ssh's is
 * placed with this offset. The median of five paired readings.
 */
export function bootOffset(): number {
  const out = execFileSync(
    '/usr/bin/python3',
    ['-c', 'import time\nfor _ in range(5): print(time.clock_gettime(time.CLOCK_BOOTTIME) - time.monotonic())'],
    { encoding: 'utf8', timeout: 10_000 },
  );
  const samples = out.trim().split('\n').map(Number).sort((a, b) => a - b);
  const median = samples[2];
  if (median === undefined || !Number.isFinite(median)) throw new Error(`cannot read CLOCK_BOOTTIME: ${out}`);
  return median;
}

/** The fraction of its second at which ssh's clock (CLOCK_BOOTTIME) reads monotonic time `t`. */
export function bootFraction(t: number, offset: number): number {
  const b = t + offset;
  return b - Math.floor(b);
}

/** Sleeps until ssh's clock is `fraction` of the way into a second, minus `lead` seconds (never negative). */
export async function untilBootFraction(fraction: number, lead: number, offset: number): Promise<void> {
  const wanted = (((fraction - lead) % 1) + 1) % 1;
  const wait = (((wanted - bootFraction(now(), offset)) % 1) + 1) % 1;
  await sleep(wait * 1000);
}
