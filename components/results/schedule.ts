import type { Detection } from '@/lib/types';

/** When, after the last packet received, a layer sends its probes and heartbeats and when it ends (seconds). */
export interface Schedule {
  /** Kernel keepalive probes (no payload). */
  readonly probes: readonly number[];
  /** Application heartbeats and writes: data, which stops the kernel's probing while unacknowledged. */
  readonly data: readonly number[];
  /** null: the layer never notices an idle dead peer. */
  readonly detect: number | null;
}

/** Probes beyond this are not drawn one by one: they would merge into a band anyway. */
const MAX_PROBES = 130;

/**
 * The marks of a layer's timeline, read from its events (lib/timeline): kernel probes, the data the
 * application sends (heartbeats, writes), and the end. Nothing is rebuilt from formulas.
 */
export function scheduleOf(d: Detection): Schedule {
  const at = (kinds: readonly string[]) =>
    d.events
      .filter((e) => kinds.includes(e.kind))
      .map((e) => e.at)
      .slice(0, MAX_PROBES);
  return { probes: at(['probe']), data: at(['heartbeat', 'write']), detect: d.worstCaseSeconds };
}
