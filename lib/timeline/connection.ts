/**
 * One connection whose peer (or path) has just died, as a deterministic discrete-event model. Time 0 is
 * the last segment the detecting side received: nothing arrives after it. The mechanisms
 * (lib/timeline/mechanisms.ts) are small state machines that schedule callbacks on this shared socket
 * state: whether data is in flight (unacknowledged), whether the kernel has already reset the socket,
 * and whether the application is busy elsewhere and will only notice at its next use of the socket.
 */

/** Which mechanism ended the connection (the JSON's `decidedBy`). */
export type Cause =
  | 'keepalive'
  | 'user-timeout'
  | 'retries2'
  | 'heartbeat'
  | 'read-timeout'
  | 'connect-timeout'
  | 'idle-timeout'
  | 'socket-check';

/** What happened: a probe or heartbeat sent, data written, a mechanism suspended, the end. */
export type EventKind = 'probe' | 'heartbeat' | 'write' | 'suspend' | 'reset' | 'close' | 'detect';

/** One event of a layer's timeline, seconds after the last segment received (`at`), by whom, in words. */
export interface TimelineEvent {
  readonly at: number;
  readonly by: string;
  readonly kind: EventKind;
  readonly note: string;
}

/**
 * Nothing in the model runs past this: beyond the longest thing any input can make happen (T + P × I
 * with T and I at 32767 s and P at 127 is about 4.2 million seconds; U takes up to INT_MAX ms).
 */
export const HORIZON_SECONDS = 1e10;

interface Scheduled {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
}

/** Rounds a model time to the millisecond, so that sums such as 0.2 + 5 print as 5.2. */
export const ms = (t: number): number => Math.round(t * 1000) / 1000;

export class Connection {
  /** The current model time. */
  now = 0;
  /** When the first unacknowledged byte was sent; undefined while nothing is in flight. */
  inflightSince: number | undefined;
  /** When the kernel reset the socket (keepalive or retransmission gave up), if it has. */
  resetAt: number | undefined;
  /** Until when the application is busy elsewhere (inside a statement): it notices a reset only then. */
  busyUntil = 0;
  /** The end: when the layer knows the peer is gone (or closed the connection itself), and who ended it. */
  end: { readonly at: number; readonly by: string; readonly cause: Cause } | undefined;
  readonly events: TimelineEvent[] = [];
  private readonly queue: Scheduled[] = [];
  private seq = 0;
  private readonly firstWrite: ((t: number) => void)[] = [];

  /** Runs `run` at model time `at` (never before now); equal times run in the order they were asked for. */
  at(at: number, run: () => void): void {
    const item = { at: Math.max(at, this.now), seq: this.seq++, run };
    const i = this.queue.findIndex((q) => q.at > item.at);
    if (i < 0) this.queue.push(item);
    else this.queue.splice(i, 0, item);
  }

  emit(kind: EventKind, by: string, note: string): void {
    this.events.push({ at: ms(this.now), by, kind, note });
  }

  /** Calls `hook` once, when the first byte goes into flight (the retransmission timer starts then). */
  onFirstWrite(hook: (t: number) => void): void {
    this.firstWrite.push(hook);
  }

  /** The application (or a heartbeat) writes: data in flight from now, which nothing will acknowledge. */
  write(by: string, kind: 'write' | 'heartbeat', note: string): void {
    if (this.end) return;
    this.emit(kind, by, note);
    if (this.inflightSince !== undefined) return;
    this.inflightSince = this.now;
    for (const hook of this.firstWrite) hook(this.now);
  }

  /**
   * The kernel gives up on the socket. An application waiting on it learns at once; one busy elsewhere
   * (inside a statement) only at its next use of the socket, when its busy time ends.
   */
  reset(by: string, note: string, owner: string, cause: Cause): void {
    if (this.end || this.resetAt !== undefined) return;
    this.resetAt = this.now;
    this.resetCause = cause;
    // The application may take the error as a reason to try again elsewhere (nginx on a pooled connection).
    if (this.onReset?.(note)) return;
    if (this.busyUntil > this.now) {
      this.emit('reset', by, `${note}; ${owner} is busy and notices only at its next use of the socket`);
      this.at(this.busyUntil, () =>
        this.finish('detect', owner, `${owner} uses the socket again and gets the error`, cause),
      );
      return;
    }
    this.finish('detect', by, note, cause);
  }

  /** Why the kernel reset the socket, once it has. */
  resetCause: Cause | undefined;

  /** Called when the kernel resets the socket; returning true means the application retries (it handles the end). */
  onReset: ((note: string) => boolean) | undefined;

  /** The layer ends the connection itself or reports the peer dead: the timeline stops here. */
  finish(kind: 'detect' | 'close', by: string, note: string, cause: Cause): void {
    if (this.end) return;
    this.emit(kind, by, note);
    this.end = { at: ms(this.now), by, cause };
  }

  /** Runs the events in time order until the end or the horizon; returns the end time, or null (never). */
  run(horizon = HORIZON_SECONDS): number | null {
    let guard = 0;
    while (!this.end && this.queue.length > 0 && guard++ < 10_000) {
      const next = this.queue.shift()!;
      if (next.at > horizon) break;
      this.now = next.at;
      next.run();
    }
    return this.end?.at ?? null;
  }
}
