/**
 * A whole probe run: a preflight connection that identifies the far end, round 1 at staggered
 * ages, narrowing rounds inside the bracket, and the keepalive set beside round 2. It never opens
 * more connections than it announced, and ends by itself before the announced time.
 */
import {
  announce,
  attribute,
  bounds,
  expiryVerdict,
  firstRound,
  keepaliveAge,
  keepaliveDelay,
  keepaliveVerdict,
  matchingBoxes,
  narrowRound,
  narrowed,
  probeQuery,
  KEEPALIVE_SET,
  type Bounds,
  type Expiry,
  type Limits,
  type Outcome,
} from './plan';
import { Preflight } from './preflight';
import type { FarEnd, Mode } from './protocol';
import { Trial, type Clock, type Dial } from './trial';

export interface SessionSpec extends Limits {
  readonly host: string;
  readonly mode: Mode;
}

export interface Progress {
  readonly elapsed: number;
  readonly round: number;
  readonly alive: number;
  readonly dead: number;
  readonly waiting: number;
}

export interface ProbeResult {
  readonly idleTimeoutSeconds: Bounds;
  readonly keepaliveKeepsAlive: boolean | null;
  readonly expiry: Expiry | null;
  readonly query: string | null;
  readonly mode: FarEnd | null;
  /** The far end closed idle connections itself (FIN) at about this age: its own timeout. */
  readonly serverIdleTimeoutSeconds: number | null;
  readonly matchingBoxes: readonly string[];
  readonly connectionsOpened: number;
  readonly rounds: number;
  readonly elapsedSeconds: number;
  /** False when the bracket is still wider than --step: stopped (SIGINT, time bound) or out of rounds. */
  readonly complete: boolean;
}

export interface Hooks {
  log(line: string): void;
  progress(p: Progress): void;
  done(result: ProbeResult | { readonly error: string }): void;
}

/** sshd_config(5) MaxStartups, default 10:30:100: past 10 unauthenticated connections sshd starts refusing new ones. */
const SSHD_MAX_STARTUPS = 10;

export class Session {
  readonly announced: { readonly connections: number; readonly seconds: number };
  private readonly startedAt: number;
  private readonly path: Outcome[] = [];
  private readonly keepalive: Outcome[] = [];
  private live = new Set<Trial>();
  private preflight: Preflight | undefined;
  private cancelDeadline: () => void = () => {};
  private mode: FarEnd | null = null;
  private opened = 0;
  private round = 0;
  private nextId = 1;
  private ended = false;
  private keepaliveStarted = false;
  private skipping = false;

  constructor(
    private readonly spec: SessionSpec,
    private readonly clock: Clock,
    private readonly dial: Dial,
    private readonly hooks: Hooks,
  ) {
    this.announced = announce(spec);
    this.startedAt = clock.now();
  }

  start(): void {
    this.cancelDeadline = this.clock.after(this.announced.seconds * 1000, () =>
      this.stop('the time bound was reached'),
    );
    this.startPreflight();
  }

  /** Stops at once (SIGINT, time bound): every socket destroyed, the result so far reported. */
  stop(reason: string): void {
    if (this.ended) return;
    this.hooks.log(`stopped: ${reason}`);
    this.finish(false);
  }

  snapshot(): Progress {
    const all = [...this.path, ...this.keepalive];
    return {
      elapsed: (this.clock.now() - this.startedAt) / 1000,
      round: this.round,
      alive: all.filter((o) => o.kind === 'alive').length,
      dead: all.filter((o) => o.kind === 'dead').length,
      waiting: this.live.size,
    };
  }

  /** The one place that opens a connection: refuses past the announced count. */
  private open: Dial = (events, keepAliveSeconds) => {
    if (this.opened >= this.announced.connections) throw new Error('probe: connection budget exceeded');
    this.opened += 1;
    return this.dial(events, keepAliveSeconds);
  };

  private startPreflight(): void {
    const spec = {
      mode: this.spec.mode,
      host: this.spec.host,
      connectTimeoutMs: this.spec.connectTimeout * 1000,
      replyTimeoutMs: this.spec.replyTimeout * 1000,
    };
    this.preflight = new Preflight(spec, this.clock, this.open, (r) =>
      typeof r === 'string' ? this.identified(r) : this.fail(r.error),
    );
  }

  private identified(mode: FarEnd): void {
    this.preflight = undefined;
    this.mode = mode;
    this.hooks.log(`far end: ${mode}`);
    const parallel = this.spec.connections + (this.spec.keepaliveCheck ? KEEPALIVE_SET : 0);
    if (mode === 'ssh' && parallel > SSHD_MAX_STARTUPS) {
      this.hooks.log(
        `warning: up to ${parallel} unauthenticated connections at once; sshd refuses some above MaxStartups (10 by default)`,
      );
    }
    this.startRound(firstRound(this.spec.max, this.spec.connections, this.spec.step));
  }

  private startRound(ages: readonly number[]): void {
    this.round += 1;
    this.hooks.log(`round ${this.round}: ${ages.length} connections, tested at ${ages.join(', ')} s`);
    for (const age of ages) this.startTrial(age, null);
  }

  private startTrial(age: number, keepAliveSeconds: number | null): void {
    const mode = this.mode;
    // The announcement counts every connection a run can need; this only guards that arithmetic.
    if (mode === null) return;
    if (this.opened >= this.announced.connections)
      return this.hooks.log(`connection budget reached (${this.announced.connections}): age ${age} s not tested`);
    const spec = {
      id: this.nextId++,
      mode,
      host: this.spec.host,
      age,
      keepAliveSeconds,
      connectTimeoutMs: this.spec.connectTimeout * 1000,
      replyTimeoutMs: this.spec.replyTimeout * 1000,
    };
    const trial = new Trial(spec, this.clock, this.open, (t) => this.trialDone(t));
    if (trial.state !== 'done') this.live.add(trial);
  }

  private trialDone(t: Trial): void {
    this.live.delete(t);
    const o = t.outcome ?? { kind: 'untested' };
    const isKeepalive = t.spec.keepAliveSeconds !== null;
    (isKeepalive ? this.keepalive : this.path).push(o);
    if (o.kind !== 'untested') this.hooks.log(`${isKeepalive ? 'keepalive ' : ''}age ${t.spec.age} s: ${describe(o)}`);
    // Older connections of this round would die too: end them untested, the round ends sooner.
    // Not after an RST or FIN from an ssh or http far end: that may be the server closing at its own
    // timeout, which the older connections are then needed to show (attribute in plan.ts).
    if (!isKeepalive && o.kind === 'dead' && (this.mode === 'echo' || o.how === 'silent')) {
      this.skipping = true;
      for (const other of [...this.live]) {
        if (other.spec.keepAliveSeconds === null && other.state !== 'testing' && other.spec.age > o.age)
          other.finish({ kind: 'untested' });
      }
      this.skipping = false;
    }
    this.hooks.progress(this.snapshot());
    // The round is over when only the keepalive set (if any) is still out; once, not per skipped trial.
    if (!this.ended && !this.skipping && [...this.live].every((x) => x.spec.keepAliveSeconds !== null)) this.next();
  }

  /** After a round: narrow, start the keepalive set after round 1, or finish. */
  private next(): void {
    const b = bounds(this.pathOutcomes());
    const { step, connections } = this.spec;
    if (!this.keepaliveStarted && this.spec.keepaliveCheck && b.high !== null) {
      this.keepaliveStarted = true;
      const delay = keepaliveDelay(b.low);
      if (delay === null) this.hooks.log('keepalive check skipped: nothing survived 2 s idle');
      else {
        this.hooks.log(
          `keepalive set: ${KEEPALIVE_SET} connections with keepalive after ${delay} s idle, tested at ${keepaliveAge(b.high, step)} s`,
        );
        for (let i = 0; i < KEEPALIVE_SET; i++) this.startTrial(keepaliveAge(b.high, step), delay);
      }
    }
    const ages = narrowRound(b, connections);
    const fits = this.opened + ages.length <= this.announced.connections;
    if (!narrowed(b, step, connections) && fits && this.roundFitsInTime(ages)) this.startRound(ages);
    else if (this.live.size === 0) this.finish(true);
  }

  /** The path's outcomes, with the deaths a closing server caused given back to it. */
  private pathOutcomes(): Outcome[] {
    return attribute(this.path, this.mode === 'echo');
  }

  private roundFitsInTime(ages: readonly number[]): boolean {
    const end = this.clock.now() + (this.spec.connectTimeout + Math.max(...ages) + this.spec.replyTimeout) * 1000;
    return end <= this.startedAt + this.announced.seconds * 1000;
  }

  private fail(error: string): void {
    if (this.ended) return;
    this.finishAll();
    this.hooks.done({ error });
  }

  private finishAll(): void {
    this.ended = true;
    this.cancelDeadline();
    this.preflight?.cancel();
    for (const t of [...this.live]) t.finish({ kind: 'untested' });
  }

  private finish(complete: boolean): void {
    this.finishAll();
    const path = this.pathOutcomes();
    const b = bounds(path);
    const keepalive = this.spec.keepaliveCheck
      ? keepaliveVerdict(attribute([...this.path, ...this.keepalive], this.mode === 'echo').slice(this.path.length))
      : null;
    const serverClosed = path.filter((o) => o.kind === 'server-closed').map((o) => o.age);
    this.hooks.done({
      idleTimeoutSeconds: b,
      keepaliveKeepsAlive: keepalive,
      expiry: expiryVerdict(path),
      query: probeQuery(b, keepalive),
      mode: this.mode,
      serverIdleTimeoutSeconds: serverClosed.length > 0 ? Math.round(Math.min(...serverClosed) * 10) / 10 : null,
      matchingBoxes: matchingBoxes(b, keepalive),
      connectionsOpened: this.opened,
      rounds: this.round,
      elapsedSeconds: Math.round((this.clock.now() - this.startedAt) / 100) / 10,
      complete: complete && narrowed(b, this.spec.step, this.spec.connections),
    });
  }
}

function describe(o: Outcome): string {
  switch (o.kind) {
    case 'alive':
      return 'alive';
    case 'dead':
      return o.whileIdle === true ? `lost (${o.how}) while idle, after ${o.age.toFixed(1)} s` : `lost (${o.how})`;
    case 'server-closed':
      return `the far end closed it after ${o.age.toFixed(1)} s idle`;
    case 'untested':
      return 'untested';
    default:
      return o satisfies never;
  }
}
