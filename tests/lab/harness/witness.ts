/**
 * Observers that give the lab its two reference times, on the CLOCK_MONOTONIC clock:
 * - PathWitness (helpers/sniff.py in the middlebox): when the middlebox last *delivered* a segment
 *   to an endpoint. Every worst-case formula counts from the last packet the detecting side
 *   received (FACTS.md sections 1 and 3), and this is exactly that moment.
 * - SocketWatcher (helpers/watch_sockets.py in an endpoint's namespace): when an ESTABLISHED
 *   socket disappears, which is when a daemon (or its kernel) gave up on the peer.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { nsSpawn, type Topology } from './netns';
import type { Proc } from './proc';
import { until } from './proc';

export const PYTHON = '/usr/bin/python3';
export function helper(name: string): string {
  return fileURLToPath(new URL(`../helpers/${name}`, import.meta.url));
}

const Segment = z.object({
  t: z.number(),
  if: z.enum(['c', 's']),
  out: z.boolean(),
  src: z.string(),
  dst: z.string(),
  flags: z.string(),
  len: z.number(),
});
type Segment = z.infer<typeof Segment>;

export type Side = 'client' | 'server';

const iface = (side: Side): 'c' | 's' => (side === 'client' ? 'c' : 's');

export class PathWitness {
  private readonly parsed: Segment[] = [];
  private seen = 0;

  private constructor(private readonly proc: Proc) {}

  static async start(topo: Topology): Promise<PathWitness> {
    const proc = nsSpawn(topo.middlebox, 'sniff', [
      PYTHON,
      helper('sniff.py'),
      `c=${topo.towardClient}`,
      `s=${topo.towardServer}`,
    ]);
    await proc.waitEvent('ready', 5_000);
    return new PathWitness(proc);
  }

  /** Every segment seen so far (parsed once, as the sniffer's lines arrive). */
  private segments(): Segment[] {
    const events = this.proc.events;
    for (; this.seen < events.length; this.seen += 1) {
      const event = events[this.seen];
      if (event?.event === 'segment') this.parsed.push(Segment.parse(event));
    }
    return this.parsed;
  }

  /** Segments the middlebox transmitted toward `side` (so `side` received them). */
  delivered(side: Side): Segment[] {
    return this.segments().filter((s) => s.if === iface(side) && s.out);
  }

  /**
   * Time of the last segment delivered to `side` at or before `before`, on the connection with
   * TCP port `port` (either end). With `payloadOnly`, pure ACKs are ignored: an application timer
   * such as ssh's ServerAlive counts messages, not TCP segments.
   */
  lastDelivered(side: Side, before: number, filter: { port: number; payloadOnly?: boolean }): number {
    const ends = (s: Segment): boolean => s.src.endsWith(`:${filter.port}`) || s.dst.endsWith(`:${filter.port}`);
    const times = this.delivered(side)
      .filter((s) => s.t <= before && ends(s) && (filter.payloadOnly !== true || s.len > 0))
      .map((s) => s.t);
    const last = times.at(-1);
    if (last === undefined)
      throw new Error(`no segment on port ${filter.port} was delivered to the ${side} before the cut`);
    return last;
  }

  /** Segments that `side` sent, as they arrived at the middlebox (before any drop). */
  sentBy(side: Side): Segment[] {
    return this.segments().filter((s) => s.if === iface(side) && !s.out);
  }

  /** Waits for a segment the middlebox delivers to `side`. */
  waitDelivered(side: Side, timeoutMs: number, where: (s: Segment) => boolean): Promise<Segment> {
    return until(`a segment delivered to the ${side}`, timeoutMs, () => this.delivered(side).find(where), 5);
  }

  /**
   * Waits for the RST that `side`'s kernel sends when keepalive gives up (tcp_keepalive_timer:
   * tcp_send_active_reset, then the error reaches the socket), on the connection with TCP port
   * `port`. The time does not depend on how fast the application wakes up to the error.
   */
  waitReset(side: Side, port: number, after: number, timeoutMs: number): Promise<Segment> {
    return this.waitSent(
      side,
      timeoutMs,
      (s) => s.t > after && s.flags.includes('R') && (s.src.endsWith(`:${port}`) || s.dst.endsWith(`:${port}`)),
    );
  }

  /** Segments delivered to either side after `after` (a working cut leaves none). */
  deliveredAfter(after: number): Segment[] {
    return this.segments().filter((s) => s.out && s.t > after);
  }

  /** Waits for a segment that `side` sent (arriving at the middlebox), e.g. a keepalive probe. */
  waitSent(side: Side, timeoutMs: number, where: (s: Segment) => boolean): Promise<Segment> {
    return until(`a segment from the ${side}`, timeoutMs, () => this.sentBy(side).find(where));
  }

  /**
   * Waits for one heartbeat round trip after `after`: a payload segment sent by `prober`, then a
   * payload segment from the probed end delivered back to it. Returns the time of that delivery.
   */
  waitHeartbeat(prober: Side, after: number, timeoutMs: number): Promise<number> {
    return until(`a heartbeat from the ${prober} answered`, timeoutMs, () => {
      const probe = this.sentBy(prober).find((s) => s.t > after && s.len > 0);
      if (probe === undefined) return undefined;
      return this.delivered(prober).find((s) => s.t > probe.t && s.len > 0 && s.src === probe.dst)?.t;
    });
  }
}

const Sockets = z.object({ t: z.number(), conns: z.array(z.string()) });

export class SocketWatcher {
  private constructor(private readonly proc: Proc) {}

  /** Watches ESTABLISHED sockets on `port` inside namespace `ns`. */
  static async start(ns: string, port: number): Promise<SocketWatcher> {
    const proc = nsSpawn(ns, `watch:${port}`, [PYTHON, helper('watch_sockets.py'), String(port)]);
    await proc.waitEvent('sockets', 5_000);
    return new SocketWatcher(proc);
  }

  private snapshots(): z.infer<typeof Sockets>[] {
    return this.proc.events.filter((e) => e.event === 'sockets').map((e) => Sockets.parse(e));
  }

  /** Waits until a connection matching `match` is established; returns its "local-remote" name. */
  waitPresent(match: (conn: string) => boolean, timeoutMs: number): Promise<string> {
    return until('an established connection', timeoutMs, () => this.snapshots().at(-1)?.conns.find(match));
  }

  /** Waits until `conn` is no longer ESTABLISHED; returns the time the watcher first saw it gone. */
  waitGone(conn: string, timeoutMs: number): Promise<number> {
    return until(
      `${conn} to close`,
      timeoutMs,
      () => {
        const snaps = this.snapshots();
        const seen = snaps.findIndex((s) => s.conns.includes(conn));
        if (seen < 0) return undefined;
        return snaps.slice(seen).find((s) => !s.conns.includes(conn))?.t;
      },
      50,
    );
  }
}
