/**
 * One probe connection: connect, wait out its age idle, send the test payload, judge the answer.
 * It knows sockets and time only through the Link and Clock interfaces (net.ts gives the real
 * ones, the unit tests fake ones), so every timer it sets is cancelled when it ends.
 */
import type { Outcome } from './plan';
import { answered, sshBannerDone, testPayload, type FarEnd } from './protocol';

/** Milliseconds on a monotonic clock, and one-shot timers that return their cancel function. */
export interface Clock {
  now(): number;
  after(ms: number, fn: () => void): () => void;
}

export interface LinkEvents {
  open(): void;
  data(text: string): void;
  /** The peer's FIN. */
  end(): void;
  /** A socket error: its code (ECONNRESET, EPIPE, ETIMEDOUT, ECONNREFUSED, ...). */
  error(code: string): void;
}

export interface Link {
  write(text: string): void;
  destroy(): void;
}

/** Opens one TCP connection; `keepAliveSeconds` turns on keepalive with that idle time (Node: TCP_KEEPIDLE). */
export type Dial = (events: LinkEvents, keepAliveSeconds: number | null) => Link;

export interface TrialSpec {
  readonly id: number;
  readonly mode: FarEnd;
  readonly host: string;
  /** Seconds idle before the test. */
  readonly age: number;
  readonly keepAliveSeconds: number | null;
  readonly connectTimeoutMs: number;
  readonly replyTimeoutMs: number;
}

/** A server that keeps talking while the connection should be idle is not a fair test: give up after this many restarts. */
const MAX_IDLE_RESTARTS = 3;

export class Trial {
  state: 'connecting' | 'greeting' | 'idle' | 'testing' | 'done' = 'connecting';
  outcome: Outcome | undefined;
  private cancel: () => void = () => {};
  private link: Link | undefined;
  private idleFrom = 0;
  private restarts = 0;
  private buffer = '';
  private sent = '';

  constructor(
    readonly spec: TrialSpec,
    private readonly clock: Clock,
    dial: Dial,
    private readonly onDone: (t: Trial) => void,
  ) {
    this.cancel = clock.after(spec.connectTimeoutMs, () => this.finish({ kind: 'untested' }));
    const link = dial(
      {
        open: () => this.opened(),
        data: (text) => this.received(text),
        end: () => this.ended(),
        error: (code) => this.failed(code),
      },
      spec.keepAliveSeconds,
    );
    if (this.state === 'done') link.destroy();
    else this.link = link;
  }

  /** Seconds since the connection's idle clock started. */
  private idleAge(): number {
    return (this.clock.now() - this.idleFrom) / 1000;
  }

  private opened(): void {
    if (this.state !== 'connecting') return;
    this.cancel();
    if (this.spec.mode === 'ssh') {
      this.state = 'greeting';
      this.cancel = this.clock.after(this.spec.replyTimeoutMs, () => this.finish({ kind: 'untested' }));
    } else this.startIdle();
  }

  private startIdle(): void {
    this.cancel();
    this.state = 'idle';
    this.idleFrom = this.clock.now();
    this.cancel = this.clock.after(this.spec.age * 1000, () => this.test());
  }

  private test(): void {
    this.state = 'testing';
    this.buffer = '';
    this.sent = testPayload(this.spec.mode, this.spec.id, this.spec.host);
    this.cancel = this.clock.after(this.spec.replyTimeoutMs, () =>
      this.finish({ kind: 'dead', age: this.spec.age, how: 'silent' }),
    );
    this.link?.write(this.sent);
  }

  private received(text: string): void {
    this.buffer += text;
    if (this.state === 'greeting' && sshBannerDone(this.buffer)) this.startIdle();
    else if (this.state === 'idle') {
      // The far end spoke while idle: the flow's idle clock restarts there.
      this.restarts += 1;
      if (this.restarts > MAX_IDLE_RESTARTS) this.finish({ kind: 'untested' });
      else this.startIdle();
    } else if (this.state === 'testing' && answered(this.spec.mode, this.buffer, this.sent) !== 'not yet') {
      // Any answer, even a malformed one, crossed the path: the flow was alive.
      this.finish({ kind: 'alive', age: this.spec.age });
    }
  }

  private ended(): void {
    // Closed before any answer: by the path in echo mode, else by the server (or a proxy in its place).
    if (this.state === 'testing')
      this.finish(
        this.spec.mode === 'echo'
          ? { kind: 'dead', age: this.spec.age, how: 'close' }
          : { kind: 'server-closed', age: this.spec.age },
      );
    else if (this.state === 'idle' || this.state === 'greeting') {
      const age = this.state === 'idle' ? this.idleAge() : 0;
      // An echo server never closes (echoMain); ssh and http servers have idle timeouts of their own.
      this.finish(
        this.spec.mode === 'echo'
          ? { kind: 'dead', age, how: 'close', whileIdle: true }
          : { kind: 'server-closed', age },
      );
    }
  }

  private failed(code: string): void {
    if (this.state === 'connecting' || this.state === 'done') return this.finish({ kind: 'untested' });
    const age = this.state === 'testing' ? this.spec.age : this.state === 'idle' ? this.idleAge() : 0;
    // ETIMEDOUT: the kernel gave up (keepalive or retransmission) on a path that answered nothing.
    const how = code === 'ETIMEDOUT' ? 'silent' : code === 'ECONNRESET' || code === 'EPIPE' ? 'reset' : null;
    this.finish(how === null ? { kind: 'untested' } : { kind: 'dead', age, how, whileIdle: this.state === 'idle' });
  }

  /** Ends the trial: no more timers, the socket destroyed, the outcome reported once. */
  finish(outcome: Outcome): void {
    if (this.state === 'done') return;
    this.state = 'done';
    this.outcome = outcome;
    this.cancel();
    this.link?.destroy();
    this.onDone(this);
  }
}
