/**
 * What timeline-ssh.test.ts needs besides the harness: the engine's timeline for a layer (from the CLI
 * JSON users get, and the same model in-process for a run at another phase), and the clock ssh and
 * sshd keep.
 */
import { execFileSync } from 'node:child_process';
import { run } from '../../../lib/engine';
import { modelsOf, situationAt, type SituationModel, type SituationOutcome } from '../../../lib/timeline';
import type { Detection } from '../../../lib/types';
import type { EngineOutput } from '../harness/engine';
import { now, sleep } from '../harness/proc';

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
export function layerModel(query: string, cli: EngineOutput, layer: string, situation: string): LayerModel {
  const stated = cli.detection.find((d) => d.layer === layer)?.after.situations.find((s) => s.situation === situation);
  if (stated === undefined) throw new Error(`the CLI states no situation ${situation} for layer ${layer} of ${query}`);
  if (stated.worstCaseSeconds === null) throw new Error(`the CLI says ${layer} never ends ${situation} for ${query}`);
  const d: Detection | undefined = run(query).plan.detection.find((x) => x.layer === layer)?.after;
  if (d === undefined) throw new Error(`the engine has no layer ${layer} for ${query}`);
  const model: SituationModel | undefined = modelsOf(d).find((m) => m.situation === situation);
  if (model === undefined) throw new Error(`no model of ${situation} behind layer ${layer} of ${query}`);
  const atWorst = situationAt(d, model.situation, stated.offset).worstCaseSeconds;
  if (atWorst !== stated.worstCaseSeconds) {
    throw new Error(
      `${layer} ${situation}: the CLI says ${stated.worstCaseSeconds} s at offset ${stated.offset}, the model in-process ${String(atWorst)} s`,
    );
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
  const samples = out
    .trim()
    .split('\n')
    .map(Number)
    .sort((a, b) => a - b);
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
