import type { Detection } from '@/lib/types';

/** When, after the last packet received, a layer sends its probes and heartbeats and when it ends (seconds). */
export interface Schedule {
  readonly probes: readonly number[];
  /** null: the layer never notices an idle dead peer. */
  readonly detect: number | null;
}

/** Probes beyond this are not drawn one by one: they would merge into a band anyway. */
const MAX_PROBES = 130;

/**
 * The marks of a layer's timeline, read from its events (lib/timeline): kernel probes and application
 * heartbeats as dots, and the end. Nothing is rebuilt from formulas.
 */
export function scheduleOf(d: Detection): Schedule {
  const probes = d.events.filter((e) => e.kind === 'probe' || e.kind === 'heartbeat').map((e) => e.at);
  return { probes: probes.slice(0, MAX_PROBES), detect: d.worstCaseSeconds };
}
