/**
 * The timeline's figures for the database scenarios of tests/lab/timeline-db.test.ts (issue #11):
 * the CLI's JSON (values, every situation's worst offset), the same plan in-process for a run at
 * another phase (lib/timeline situationAt), the seeded random phase, and the plan's sysctl snippet
 * applied in a namespace as emitted.
 */
import { run } from '../../../lib/engine';
import { modelsOf, situationAt, type SituationId } from '../../../lib/timeline';
import { engine } from '../harness/engine';
import type { Lab } from '../harness/lab';
import { nsExec } from '../harness/netns';
import { sleep, now, type Proc } from '../harness/proc';

/** One situation of one layer: the CLI's worst offset and figure, and the model at any offset (in-process). */
export interface Phased {
  readonly situation: SituationId;
  /** The offsets a run may take (the model's `range`), and what an offset means. */
  readonly range: readonly [number, number];
  readonly offsetMeans: string;
  /** The CLI's `situations` entry: the worst offset and the worst case there. */
  readonly worstOffset: number;
  readonly worstCase: number;
  /** The model's figure for a run at `offset` (seconds after the last segment received). */
  predict(offset: number): number;
}

export async function phased(query: string, layer: string, situation: SituationId): Promise<Phased> {
  const out = await engine(query);
  const fromCli = out.detection.find((d) => d.layer === layer)?.after.situations.find((s) => s.situation === situation);
  if (fromCli === undefined || fromCli.worstCaseSeconds === null)
    throw new Error(`the CLI reports no finite ${situation} for layer ${layer} of ${query}`);
  const d = run(query).plan.detection.find((x) => x.layer === layer)?.after;
  const model = d && modelsOf(d).find((m) => m.situation === situation);
  if (d === undefined || model === undefined) throw new Error(`no ${situation} model for layer ${layer} of ${query}`);
  const predict = (offset: number): number => {
    const t = situationAt(d, situation, offset).worstCaseSeconds;
    if (t === null) throw new Error(`the model never ends ${layer} ${situation} at offset ${offset}`);
    return t;
  };
  // The CLI and the in-process plan are the same engine: the worst offset must give the CLI's figure.
  if (Math.abs(predict(fromCli.offset) - fromCli.worstCaseSeconds) > 0.001) {
    throw new Error(
      `CLI says ${fromCli.worstCaseSeconds} s at offset ${fromCli.offset}, in-process ${predict(fromCli.offset)} s`,
    );
  }
  return {
    situation,
    range: model.range,
    offsetMeans: model.offsetMeans,
    worstOffset: fromCli.offset,
    worstCase: fromCli.worstCaseSeconds,
    predict,
  };
}

/**
 * The earliest phase a run can take: the cut must fall after the segment that starts the phase and
 * before the detecting side's first keepalive probe (T = 1 s in these plans), and nft takes tens to a
 * few hundred ms on this loaded machine. Each run checks that nothing crossed before its cut.
 */
export const MIN_PHASE = 1;
/** How late an aimed action (pg_sleep's end, a COMMIT sent from here) may come, in seconds. */
const LATE_ACTION = 0.2;
/** How late a kernel timer chain may fire (timer-wheel rounding over several keepalive ticks). */
const LATE_TIMER = 0.5;

/**
 * Whether a run aimed at `x` measures the model at `x`: between an action LATE_ACTION late and a
 * kernel reset LATE_TIMER late, the model moves by no more than the shift (no step of the timeline,
 * such as the kernel's reset just after x, lies in between).
 */
function runnable(p: Phased, x: number): boolean {
  const at = p.predict(x);
  // Shifts on a millisecond grid, up to just under LATE_ACTION: an action LATE_ACTION late still beats a step there.
  const shifts = [
    ...Array.from({ length: (LATE_TIMER + LATE_ACTION) / 0.05 }, (_, i) => -LATE_TIMER + i * 0.05),
    LATE_ACTION - 0.001,
  ];
  return shifts.every((shift) => {
    const d = Math.round(shift * 1000) / 1000;
    return Math.abs(p.predict(Math.round((x + d) * 1000) / 1000) - at) <= Math.abs(d) + 0.002;
  });
}

export interface Aim {
  readonly offset: number;
  readonly computed: number;
  readonly why: string;
}

/**
 * The worst phase as a run can take it: the model's worst offset, or, where the timeline steps just
 * after it (the kernel resets the socket 1 µs later), the latest offset at least LATE_ACTION before
 * the step, which a run can hit. `computed` is the model at the offset aimed for.
 */
export function aimWorst(p: Phased): Aim {
  for (let back = 0; back <= 2 + 1e-9; back += 0.05) {
    const x = Math.round((p.worstOffset - back) * 1000) / 1000;
    if (x >= MIN_PHASE && runnable(p, x)) {
      const why =
        back === 0
          ? 'the worst phase'
          : `the worst phase is ${p.worstOffset} s, just before the kernel's reset; a run aims ${back.toFixed(2)} s earlier (an action can be ${LATE_ACTION} s late)`;
      return { offset: x, computed: p.predict(x), why };
    }
  }
  throw new Error(
    `no runnable phase within 2 s before the worst offset ${p.worstOffset} s (range ${p.range.join('..')})`,
  );
}

/** A seeded random phase inside the model's range (from MIN_PHASE), away from the timeline's steps. */
export function aimRandom(p: Phased, random: () => number): Aim {
  const lo = Math.max(p.range[0], MIN_PHASE);
  const hi = p.range[1];
  if (hi <= lo) throw new Error(`the model's range ${p.range.join('..')} leaves no phase from ${MIN_PHASE} s`);
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const x = Math.round((lo + random() * (hi - lo)) * 1000) / 1000;
    if (runnable(p, x)) return { offset: x, computed: p.predict(x), why: `a random phase in ${lo}..${hi} s` };
  }
  throw new Error(`no runnable random phase in ${lo}..${hi} s after 200 draws`);
}

/**
 * The sysctl snippet as an operator applies it (`sysctl -p FILE`, what `sysctl --system` does for
 * each file of /etc/sysctl.d) in each namespace: net.ipv4 keys are per namespace (FACTS.md section 1).
 * Every key it sets is read back; returns them.
 */
export async function applySysctlSnippet(
  lab: Lab,
  namespaces: readonly string[],
  text: string,
): Promise<Record<string, number>> {
  const set: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([a-z0-9_.]+)\s*=\s*(\d+)\s*$/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) set[m[1]] = Number(m[2]);
  }
  if (Object.keys(set).length === 0) throw new Error(`the sysctl snippet sets nothing:\n${text}`);
  const file = lab.file('90-tcp-keepalive.conf', text);
  for (const ns of namespaces) {
    await nsExec(ns, ['sysctl', '-q', '-p', file]);
    for (const [key, value] of Object.entries(set)) {
      const live = Number((await nsExec(ns, ['sysctl', '-n', key])).trim());
      if (live !== value) throw new Error(`${key} reads ${live} in ${ns} after sysctl -p, the snippet sets ${value}`);
    }
  }
  return set;
}

/**
 * An SQL client process used as a poller (mariadb --batch or psql -At on stdin): each question is
 * tagged, its one-line answer waited for. Bounded by `timeoutMs` per answer.
 */
export class SqlLines {
  private n = 0;
  constructor(private readonly proc: Proc) {}

  /** Sends `select` (an SQL expression giving one text value) and returns that value. */
  async ask(expression: string, timeoutMs = 10_000): Promise<string> {
    this.n += 1;
    const tag = `q${this.n}:`;
    this.proc.send(`select concat('${tag}', ${expression});`);
    const line = await this.proc.waitStdout(tag, timeoutMs);
    return line.slice(line.indexOf(tag) + tag.length).trim();
  }

  /** Polls `expression` every `everyMs` until it gives `wanted`; returns the time of that answer. */
  async waitFor(expression: string, wanted: string, timeoutMs: number, everyMs = 50): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((await this.ask(expression)) === wanted) return now();
      if (Date.now() >= deadline)
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression} = ${wanted}`);
      await sleep(everyMs);
    }
  }
}
