/**
 * How loaded the machine was while a figure was measured, printed beside it: the 1-minute load
 * average at the end of the phase and the share of all CPU time that was busy, and stolen by the
 * hypervisor (time this VM was ready to run and was not), between the phase's start and end.
 * Lighthouse multiplies the main-thread time it observes by four, so a busy or robbed machine shows
 * as a worse phone.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

export interface MachineLoad {
  /** os.loadavg()[0] when the phase ended. */
  readonly loadAverage1m: number;
  /** Percent of all CPU time, busy (user, system, ...) and stolen; undefined off Linux. */
  readonly busyPercent: number | undefined;
  readonly stealPercent: number | undefined;
}

/** The machine's CPU counters (USER_HZ ticks) from /proc/stat's first line, or undefined off Linux. */
function cpuTimes(): number[] | undefined {
  try {
    return readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number);
  } catch {
    return undefined;
  }
}

/** proc(5): user nice system idle iowait irq softirq steal ...; idle and iowait are not busy. */
export function cpuShare(
  a: readonly number[] | undefined,
  b: readonly number[] | undefined,
): { busy: number; steal: number } | undefined {
  if (!a || !b) return undefined;
  const d = b.map((v, i) => v - (a[i] ?? 0));
  const total = d.reduce((x, y) => x + y, 0);
  const idle = (d[3] ?? 0) + (d[4] ?? 0);
  if (total <= 0) return undefined;
  return { busy: (100 * (total - idle)) / total, steal: (100 * (d[7] ?? 0)) / total };
}

/** Starts measuring; stop() gives the phase's load. */
export function machineLoad(): { stop: () => MachineLoad } {
  const before = cpuTimes();
  return {
    stop: () => {
      const share = cpuShare(before, cpuTimes());
      return { loadAverage1m: loadavg()[0] ?? Number.NaN, busyPercent: share?.busy, stealPercent: share?.steal };
    },
  };
}

/** "load 1.92, CPU 85% busy, 2.1% stolen". */
export function showLoad(m: MachineLoad | undefined): string {
  if (!m) return 'load unknown';
  const cpu =
    m.busyPercent === undefined
      ? ''
      : `, CPU ${m.busyPercent.toFixed(0)}% busy, ${(m.stealPercent ?? 0).toFixed(1)}% stolen`;
  return `load ${m.loadAverage1m.toFixed(2)}${cpu}`;
}
