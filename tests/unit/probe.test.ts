/**
 * The probe (lib/probe/): its schedule, narrowing, verdicts and query, its option bounds, and whole
 * runs against a simulated path (a fake clock and a fake network with one box of known behaviour).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MIDDLEBOXES } from '../../lib/middleboxes';
import { probeMain, echoMain } from '../../lib/probe/command';
import { PROBE_BOUNDS, parseEchoArgs, parseEndpoint, parseProbeArgs, type ProbeOptions } from '../../lib/probe/options';
import {
  announce,
  bounds,
  expiryVerdict,
  firstRound,
  keepaliveVerdict,
  matchingBoxes,
  narrowRound,
  probeQuery,
  safeIdle,
  type Outcome,
} from '../../lib/probe/plan';
import { Session, type ProbeResult } from '../../lib/probe/session';
import type { Clock, Dial, LinkEvents } from '../../lib/probe/trial';
import type { FarEnd, Mode } from '../../lib/probe/protocol';
import { CONNECT_TIMEOUT } from '../../lib/probe/options';
import { startEcho } from '../../lib/probe/net';
import { progressLine, toJson, toText } from '../../lib/probe/report';
import { createConnection } from 'node:net';

// ---------------------------------------------------------------- a simulated world

class FakeClock implements Clock {
  private t = 0;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.t;
  }
  after(ms: number, fn: () => void): () => void {
    const id = this.seq++;
    this.timers.set(id, { at: this.t + ms, fn });
    return () => void this.timers.delete(id);
  }
  pending(): number {
    return this.timers.size;
  }
  /** Fires timers in time order (ties in creation order) until none are left or `limitMs` passes. */
  run(limitMs: number): void {
    for (let fired = 0; fired < 1_000_000; fired++) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers) if (next === undefined || entry[1].at < next[1].at) next = entry;
      if (next === undefined || next[1].at > limitMs) return;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
    }
    throw new Error('runaway timers');
  }
}

interface Box {
  /** The box forgets an idle flow after this many seconds; Infinity: no box. */
  readonly timeout: number;
  /** packets: keepalive probes refresh it (conntrack); payload: only data does (a proxy). */
  readonly counts: 'packets' | 'payload';
  /** What a packet of a forgotten flow gets: nothing, an RST; or the proxy closes at expiry (FIN). */
  readonly expiry: 'silent' | 'reset' | 'close';
}

interface World {
  readonly box: Box;
  readonly server: FarEnd | 'mute';
  /** The server closes a connection idle this long (seconds) itself: sshd's LoginGraceTime, nginx's client_header_timeout. */
  readonly serverTimeout?: number;
}

const LATENCY = 1; // ms each way

class FakeNet {
  dials = 0;
  open = 0;
  maxOpen = 0;
  constructor(
    private readonly clock: FakeClock,
    private readonly world: World,
  ) {}

  dial: Dial = (events: LinkEvents, keepAliveSeconds: number | null) => {
    this.dials += 1;
    this.open += 1;
    this.maxOpen = Math.max(this.maxOpen, this.open);
    const { clock, world } = this;
    const { box } = world;
    let closed = false;
    let lastPacket = clock.now();
    let lastPayload = clock.now();
    const cancels: (() => void)[] = [];
    const later = (ms: number, fn: () => void): void => void cancels.push(clock.after(ms, () => !closed && fn()));
    // Keepalive probes every `d` s refresh a packet-counting box as long as d < its timeout.
    const refreshedByProbes = (): boolean =>
      keepAliveSeconds !== null && box.counts === 'packets' && keepAliveSeconds < box.timeout;
    const forgotten = (): boolean => {
      if (refreshedByProbes()) return false;
      const idleSince = box.counts === 'packets' ? lastPacket : lastPayload;
      return clock.now() - idleSince > box.timeout * 1000;
    };
    let expiryTimer: (() => void) | undefined;
    /** The server closed its end: data sent after that gets an RST from its kernel. */
    let serverGone = false;
    let serverTimer: (() => void) | undefined;
    const arm = (): void => {
      expiryTimer?.();
      serverTimer?.();
      if (box.expiry === 'close' && Number.isFinite(box.timeout) && !refreshedByProbes()) {
        expiryTimer = clock.after(box.timeout * 1000 + 1, () => !closed && events.end());
      }
      const s = world.serverTimeout;
      if (s !== undefined) {
        // The server closes S s after it last spoke (one latency before the client heard it). Its
        // FIN may reach the application after the RST for data sent into the closing socket (seen
        // against sshd's LoginGraceTime): the FIN is slow here.
        serverTimer = clock.after(s * 1000 - LATENCY, () => {
          serverGone = true;
          later(4 * LATENCY, () => !forgotten() && events.end());
        });
      }
    };
    const fromServer = (text: string): void => {
      later(LATENCY, () => {
        lastPacket = lastPayload = clock.now();
        arm();
        events.data(text);
      });
    };
    later(LATENCY, () => {
      lastPacket = lastPayload = clock.now();
      arm();
      events.open();
      if (world.server === 'ssh') fromServer('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n');
    });
    return {
      write: (text) => {
        later(LATENCY, () => {
          if (forgotten()) {
            if (box.expiry === 'reset') later(LATENCY, () => events.error('ECONNRESET'));
            return;
          }
          if (serverGone) return later(LATENCY, () => events.error('ECONNRESET'));
          lastPacket = lastPayload = clock.now();
          arm();
          if (world.server === 'echo') fromServer(text);
          else if (world.server === 'ssh') fromServer('\0\0\x04\x3c\x06\x14kexinit');
          else if (world.server === 'http') fromServer('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
        });
      },
      destroy: () => {
        if (closed) return;
        closed = true;
        this.open -= 1;
        for (const c of cancels) c();
        expiryTimer?.();
        serverTimer?.();
      },
    };
  };
}

const limits = (over: Partial<ProbeOptions> = {}) => ({
  host: '10.0.0.1',
  mode: 'auto' as Mode,
  max: 60,
  step: 1,
  connections: 8,
  replyTimeout: 2,
  connectTimeout: CONNECT_TIMEOUT,
  keepaliveCheck: true,
  ...over,
});

/** `lateMs`: the probe's own timers fire that late (a loaded machine), the network's on time. */
function simulate(world: World, over: Partial<ProbeOptions> = {}, stopAtMs?: number, lateMs = 0) {
  const clock = new FakeClock();
  const probeClock: Clock = { now: () => clock.now(), after: (ms, fn) => clock.after(ms + lateMs, fn) };
  const net = new FakeNet(clock, world);
  const logs: string[] = [];
  let result: ProbeResult | { error: string } | undefined;
  const spec = limits(over);
  const session = new Session(spec, probeClock, net.dial, {
    log: (l) => logs.push(l),
    progress: () => {},
    done: (r) => (result = r),
  });
  session.start();
  if (stopAtMs !== undefined) {
    clock.run(stopAtMs);
    session.stop('test');
  }
  clock.run(Infinity);
  if (result === undefined) throw new Error(`no result; log: ${logs.join(' | ')}`);
  return { result, net, clock, session, logs };
}

function measured(r: ProbeResult | { error: string }): ProbeResult {
  if ('error' in r) throw new Error(r.error);
  return r;
}

const conntrack = (timeout: number, expiry: 'silent' | 'reset' = 'silent'): World => ({
  box: { timeout, counts: 'packets', expiry },
  server: 'echo',
});
const proxy = (timeout: number): World => ({ box: { timeout, counts: 'payload', expiry: 'close' }, server: 'echo' });

// ---------------------------------------------------------------- the arithmetic

describe('schedule', () => {
  it('round 1: strictly increasing whole seconds from the first age to --max, one per connection', () => {
    for (const [max, n, step] of [
      [15, 8, 1],
      [900, 8, 5],
      [14400, 64, 60],
      [20, 3, 1],
      [9, 8, 1],
      [100, 1, 1],
    ] as const) {
      const ages = firstRound(max, n, step);
      expect(ages.length, `${max}/${n}`).toBe(Math.min(n, max));
      expect(ages.at(-1)).toBe(max);
      expect(ages[0]).toBeGreaterThanOrEqual(1);
      for (let i = 1; i < ages.length; i++) expect(ages[i]!).toBeGreaterThan(ages[i - 1]!);
      expect(ages.every(Number.isInteger)).toBe(true);
    }
  });

  it('round 1 is spread geometrically: each gap at least as wide as the one before', () => {
    const ages = firstRound(900, 8, 5);
    const gaps = ages.slice(1).map((a, i) => a - ages[i]!);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThanOrEqual(gaps[i - 1]!);
  });

  it('narrowing: every whole second inside a small bracket, else n ages evenly spread strictly inside', () => {
    expect(narrowRound({ low: 3, high: 5 }, 8)).toEqual([4]);
    expect(narrowRound({ low: 3, high: 4 }, 8)).toEqual([]);
    expect(narrowRound({ low: 10, high: 19 }, 8)).toEqual([11, 12, 13, 14, 15, 16, 17, 18]);
    const wide = narrowRound({ low: 100, high: 1000 }, 8);
    expect(wide).toHaveLength(8);
    expect(wide.every((a) => a > 100 && a < 1000)).toBe(true);
    const gaps = [100, ...wide, 1000].slice(1).map((a, i) => a - [100, ...wide][i]!);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
    expect(narrowRound({ low: 5, high: null }, 8)).toEqual([]);
  });
});

describe('verdicts', () => {
  const alive = (age: number): Outcome => ({ kind: 'alive', age });
  const dead = (age: number, how: 'silent' | 'reset' | 'close' = 'silent'): Outcome => ({ kind: 'dead', age, how });
  const idleDeath = (age: number): Outcome => ({ kind: 'dead', age, how: 'close', whileIdle: true });

  it('bounds: the largest age alive, the smallest age dead; a server FIN proves the path alive then', () => {
    expect(bounds([alive(1), alive(3), dead(5), dead(7), { kind: 'untested' }])).toEqual({ low: 3, high: 5 });
    expect(bounds([alive(1), alive(9)])).toEqual({ low: 9, high: null });
    expect(bounds([dead(1)])).toEqual({ low: 0, high: 1 });
    expect(bounds([alive(2), { kind: 'server-closed', age: 120.4 }])).toEqual({ low: 120, high: null });
    // A FIN from the path at 4.2 s idle: open at 4 s, dead by 5 s; at exactly 4 s: open at 3 s.
    expect(bounds([alive(3), idleDeath(4.2)])).toEqual({ low: 4, high: 5 });
    expect(bounds([alive(2), idleDeath(4)])).toEqual({ low: 3, high: 4 });
    // Dead at the test (no reply at 4.2 s): only the death counts.
    expect(bounds([alive(3), dead(4.2, 'close')])).toEqual({ low: 3, high: 5 });
    // Contradiction: alive at 7 but dead at 5: the bracket stays below the death.
    expect(bounds([alive(7), dead(5)])).toEqual({ low: 4, high: 5 });
  });

  it('expiry: the way most deaths went; null when nothing died', () => {
    expect(expiryVerdict([dead(5, 'reset'), dead(7, 'reset'), dead(9, 'silent')])).toBe('reset');
    expect(expiryVerdict([dead(5, 'silent'), dead(7, 'reset')])).toBe('silent');
    expect(expiryVerdict([alive(3)])).toBeNull();
  });

  it('keepalive: all alive is yes, all dead is no, mixed or untested is unknown', () => {
    expect(keepaliveVerdict([alive(6), alive(6)])).toBe(true);
    expect(keepaliveVerdict([dead(6), dead(4.1, 'close')])).toBe(false);
    expect(keepaliveVerdict([alive(6), dead(6)])).toBeNull();
    expect(keepaliveVerdict([{ kind: 'untested' }])).toBeNull();
  });

  it('safe idle: never above what survived, a round value', () => {
    for (let low = 1; low <= 2000; low++) {
      const v = safeIdle(low)!;
      expect(v).toBeLessThanOrEqual(low);
      expect(v).toBeGreaterThanOrEqual(low > 300 ? low - 9 : low <= 10 ? low : low * 0.7);
    }
    expect(safeIdle(0)).toBeNull();
  });

  it('query: via=<box> for the one box whose default lies in the bounds with the keepalive seen, else idle=', () => {
    // Every box whose default no other box with the same semantics shares is found by its bounds.
    for (const m of MIDDLEBOXES) {
      if (m.defaultSeconds === null || m.keepaliveResetsTimer === 'unknown') continue;
      const keepalive = m.keepaliveResetsTimer === 'yes';
      const b = { low: m.defaultSeconds - 1, high: m.defaultSeconds + 1 };
      const rivals = MIDDLEBOXES.filter(
        (x) =>
          x.keepaliveResetsTimer === m.keepaliveResetsTimer &&
          x.defaultSeconds !== null &&
          Math.abs(x.defaultSeconds - m.defaultSeconds) <= 1,
      );
      expect(matchingBoxes(b, keepalive)).toContain(m.id);
      expect(probeQuery(b, keepalive)).toBe(rivals.length === 1 ? `via=${m.id}` : `idle=${safeIdle(b.low)}`);
    }
    // The opposite keepalive semantics never match.
    const natgw = MIDDLEBOXES.find((m) => m.id === 'aws-natgw')!;
    expect(matchingBoxes({ low: natgw.defaultSeconds! - 1, high: natgw.defaultSeconds! + 1 }, false)).not.toContain(
      'aws-natgw',
    );
    expect(probeQuery({ low: 4, high: 5 }, true)).toBe('idle=4');
    expect(probeQuery({ low: 900, high: null }, null)).toBe('idle=900');
    expect(probeQuery({ low: 0, high: 1 }, null)).toBeNull();
  });
});

describe('options', () => {
  it('accepts the documented forms and defaults', () => {
    const o = parseProbeArgs(['db.example.com:5432']);
    expect(o).toMatchObject({
      host: 'db.example.com',
      port: 5432,
      mode: 'auto',
      max: 900,
      step: 5,
      connections: 8,
      keepaliveCheck: true,
      format: 'text',
    });
    expect(
      parseProbeArgs([
        '[2001:db8::1]:22',
        '--max',
        '1h',
        '--step=30s',
        '--connections',
        '64',
        '--mode',
        'ssh',
        '--format',
        'json',
        '--no-keepalive-check',
      ]),
    ).toMatchObject({
      host: '2001:db8::1',
      port: 22,
      max: 3600,
      step: 30,
      connections: 64,
      mode: 'ssh',
      format: 'json',
      keepaliveCheck: false,
    });
    expect(parseEchoArgs([])).toEqual({ host: '127.0.0.1', port: 7007, maxConnections: 256 });
    expect(parseEchoArgs(['--listen', '0.0.0.0:7000', '--max-connections', '10'])).toEqual({
      host: '0.0.0.0',
      port: 7000,
      maxConnections: 10,
    });
  });

  it.each([
    [['h:1', '--max', '5h'], /--max must be 1\.\.14400 s/],
    [['h:1', '--max', '0'], /--max must be/],
    [['h:1', '--max', 'soon'], /--max needs a duration/],
    [['h:1', '--step', '0'], /--step must be/],
    [['h:1', '--max', '10', '--step', '20'], /must not exceed --max/],
    [['h:1', '--connections', '65'], /--connections must be 1\.\.64/],
    [['h:1', '--connections', '0'], /--connections must be/],
    [['h:1', '--reply-timeout', '2m'], /--reply-timeout must be 1\.\.60 s/],
    [['h:1', '--mode', 'telnet'], /--mode must be one of auto, echo, ssh, http/],
    [['h:1', '--format', 'yaml'], /--format must be one of text, json/],
    [['h:1', '--bogus'], /unknown option/],
    [['h:1', 'h:2'], /only one HOST:PORT/],
    [[], /HOST:PORT is required/],
    [['h:70000'], /port must be 1\.\.65535/],
    [['bad host:22'], /expected HOST:PORT|not a host/],
    [['a\r\nHost: x:22'], /expected HOST:PORT|not a host/],
  ])('refuses %j', (argv, message) => {
    const r = parseProbeArgs(argv);
    expect(typeof r).toBe('string');
    expect(r).toMatch(message);
    expect(String(r)).not.toContain('\n');
  });

  it('refuses bad echo arguments', () => {
    expect(parseEchoArgs(['--listen', 'nope'])).toMatch(/--listen/);
    expect(parseEchoArgs(['--max-connections', '0'])).toMatch(/--max-connections must be 1\.\.4096/);
    expect(parseEndpoint('[::1]:7')).toEqual({ host: '::1', port: 7 });
  });

  describe('exit codes', () => {
    afterEach(() => vi.restoreAllMocks());
    it('a bad argument exits 2 with one line on stderr and nothing on stdout', async () => {
      const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      expect(await probeMain(['h:1', '--connections', '100'])).toBe(2);
      expect(await echoMain(['--listen', 'x'])).toBe(2);
      expect(out).not.toHaveBeenCalled();
      expect(err.mock.calls.map((c) => String(c[0]))).toEqual([
        expect.stringMatching(/^probe: [^\n]+\n$/),
        expect.stringMatching(/^echo: [^\n]+\n$/),
      ]);
    });
  });
});

// ---------------------------------------------------------------- whole runs

describe('a probe run against a simulated path', () => {
  it.each([2, 3, 4, 5, 7, 13, 29, 44, 59])(
    'conntrack box F=%i s, silent: finds F within one step; keepalive keeps it; expiry silent',
    (F) => {
      const { result, net, clock, session } = simulate(conntrack(F));
      const r = measured(result);
      expect(r.idleTimeoutSeconds.low).toBeLessThanOrEqual(F);
      expect(r.idleTimeoutSeconds.high).toBeGreaterThanOrEqual(F);
      expect(r.idleTimeoutSeconds.high! - r.idleTimeoutSeconds.low).toBeLessThanOrEqual(1);
      expect(r.keepaliveKeepsAlive).toBe(r.idleTimeoutSeconds.low >= 2 ? true : null); // a 1-s keepalive idle must fit below low
      expect(r.expiry).toBe('silent');
      expect(r.query).toBe(`idle=${safeIdle(r.idleTimeoutSeconds.low)}`);
      expect(r.complete).toBe(true);
      expect(net.dials).toBe(r.connectionsOpened);
      expect(net.dials).toBeLessThanOrEqual(session.announced.connections);
      expect(clock.now() / 1000).toBeLessThanOrEqual(session.announced.seconds);
      expect(net.open).toBe(0);
      expect(clock.pending()).toBe(0);
    },
  );

  it('the same box with an RST for forgotten flows: expiry reset', () => {
    const r = measured(simulate(conntrack(4, 'reset')).result);
    expect(r.expiry).toBe('reset');
    expect(r.keepaliveKeepsAlive).toBe(true);
  });

  it('a payload-only proxy that closes idle sessions: keepalive does not keep it, expiry close', () => {
    const r = measured(simulate(proxy(4)).result);
    expect(r.keepaliveKeepsAlive).toBe(false);
    expect(r.expiry).toBe('close');
    expect(r.idleTimeoutSeconds.low).toBeLessThanOrEqual(4);
    expect(r.idleTimeoutSeconds.high).toBeGreaterThanOrEqual(4);
  });

  it('a proxy whose FIN beats a late test timer: bracketed by the FIN itself, in one round', () => {
    // The FIN arrives 1 ms after the timeout, the test timers fire 2 ms late: every connection due at
    // or after F is closed while idle, at F + 1 ms.
    const r = measured(simulate(proxy(4), {}, undefined, 2).result);
    expect(r.idleTimeoutSeconds).toEqual({ low: 4, high: 5 });
    expect(r.rounds).toBe(1);
    expect(r.keepaliveKeepsAlive).toBe(false);
  });

  it('a payload-only box that drops silently: keepalive does not keep it', () => {
    const r = measured(simulate({ box: { timeout: 6, counts: 'payload', expiry: 'silent' }, server: 'echo' }).result);
    expect(r.keepaliveKeepsAlive).toBe(false);
    expect(r.expiry).toBe('silent');
  });

  it('nothing dies up to --max: high null, keepalive not measured, query from --max', () => {
    const r = measured(simulate(conntrack(Infinity), { max: 30 }).result);
    expect(r.idleTimeoutSeconds).toEqual({ low: 30, high: null });
    expect(r.keepaliveKeepsAlive).toBeNull();
    expect(r.expiry).toBeNull();
    expect(r.query).toBe('idle=30');
    expect(r.rounds).toBe(1);
  });

  it('a box matching one middlebox by timeout and semantics gives via=', () => {
    const only = MIDDLEBOXES.filter((m) => m.defaultSeconds === 340 && m.keepaliveResetsTimer === 'no');
    expect(only).toHaveLength(1);
    const r = measured(simulate(proxy(340), { max: 900, step: 1 }).result);
    expect(r.keepaliveKeepsAlive).toBe(false);
    expect(r.query).toBe(`via=${only[0]!.id}`);
  });

  it("an SSH server that closes idle connections itself (LoginGraceTime): its timeout, not the path's", () => {
    const { result } = simulate(
      { box: { timeout: 300, counts: 'packets', expiry: 'silent' }, server: 'ssh', serverTimeout: 120 },
      { max: 900, step: 5 },
    );
    const r = measured(result);
    expect(r.mode).toBe('ssh');
    expect(r.serverIdleTimeoutSeconds).toBeCloseTo(120, 0);
    expect(r.idleTimeoutSeconds.high).toBeNull();
    expect(r.idleTimeoutSeconds.low).toBeGreaterThanOrEqual(119);
    expect(r.expiry).toBeNull();
  });

  it("a test that meets the closing server (an RST at its timeout) is the server's, not a death on the path", () => {
    // The tests at 5 s race the server's 5-s close: their data reaches a closed socket.
    const r = measured(
      simulate(
        { box: { timeout: Infinity, counts: 'packets', expiry: 'silent' }, server: 'ssh', serverTimeout: 5 },
        { max: 12 },
      ).result,
    );
    expect(r.serverIdleTimeoutSeconds).toBeCloseTo(5, 0);
    expect(r.idleTimeoutSeconds.high).toBeNull();
    expect(r.expiry).toBeNull();
    expect(r.keepaliveKeepsAlive).toBeNull();
  });

  it.each(['echo', 'ssh', 'http'] as const)("auto mode recognises an %s far end and finds the path's F", (server) => {
    const r = measured(simulate({ box: { timeout: 9, counts: 'packets', expiry: 'silent' }, server }).result);
    expect(r.mode).toBe(server);
    expect(r.idleTimeoutSeconds.low).toBeLessThanOrEqual(9);
    expect(r.idleTimeoutSeconds.high).toBeGreaterThanOrEqual(9);
  });

  it('against sshd, more parallel connections than its MaxStartups draws a warning', () => {
    const ssh: World = { box: { timeout: 9, counts: 'packets', expiry: 'silent' }, server: 'ssh' };
    expect(simulate(ssh, { connections: 9 }).logs.filter((l) => l.startsWith('warning'))).toEqual([
      expect.stringContaining('MaxStartups'),
    ]);
    expect(simulate(ssh, { connections: 8 }).logs.filter((l) => l.startsWith('warning'))).toEqual([]);
    expect(simulate(conntrack(9), { connections: 64 }).logs.filter((l) => l.startsWith('warning'))).toEqual([]);
  });

  it('a far end that answers nothing, or the wrong mode, is a failure', () => {
    expect(simulate({ box: conntrack(9).box, server: 'mute' }).result).toEqual({
      error: expect.stringMatching(/no answer/),
    });
    expect(simulate(conntrack(9), { mode: 'http' }).result).toEqual({
      error: expect.stringMatching(/does not answer HTTP/),
    });
  });

  it('never more connections than announced, never longer than announced, whatever the box and options', () => {
    for (const connections of [1, 2, 3, 8, 64]) {
      for (const F of [1, 5, 17, 95, 500, Infinity]) {
        for (const step of [1, 7, 60]) {
          const { result, net, clock, session, logs } = simulate(conntrack(F), { max: 600, step, connections });
          expect(logs.filter((l) => l.includes('budget'))).toEqual([]);
          expect(net.dials, `n=${connections} F=${F} step=${step}`).toBeLessThanOrEqual(session.announced.connections);
          expect(clock.now() / 1000).toBeLessThanOrEqual(session.announced.seconds);
          expect(net.maxOpen).toBeLessThanOrEqual(connections + 2);
          // F = 1 s: the preflight's 1-s wait for a banner already outlasts the box.
          if (F === 1) {
            expect(result).toEqual({ error: expect.stringMatching(/no answer/) });
            continue;
          }
          const r = measured(result);
          if (F <= 600 && r.complete)
            expect(r.idleTimeoutSeconds.high! - r.idleTimeoutSeconds.low).toBeLessThanOrEqual(step);
          expect(net.open).toBe(0);
        }
      }
    }
  });

  it('the announcement counts the preflight, every round at full size and the keepalive set', () => {
    const a = announce(limits({ max: 15, step: 1, connections: 8 }));
    // Round 1 (8 ages: 1 2 3 4 5 7 10 15) leaves a 5-s gap at worst: one more round of 8 narrows it to 1 s.
    expect(a.connections).toBe(1 + 8 + 8 + 2);
    expect(a.seconds).toBe(Math.ceil(CONNECT_TIMEOUT + 2 * 2 + 2 * (CONNECT_TIMEOUT + 15 + 2) + 1));
    expect(announce(limits({ max: 15, step: 1, connections: 8, keepaliveCheck: false })).connections).toBe(17);
  });

  it('stopped mid-run (SIGINT): every socket destroyed, no timer left, the result so far reported', () => {
    const { result, net, clock } = simulate(conntrack(40), {}, 20_000);
    const r = measured(result);
    expect(r.complete).toBe(false);
    expect(r.idleTimeoutSeconds.low).toBeGreaterThan(0);
    expect(net.open).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('--no-keepalive-check opens no keepalive set', () => {
    const { result, net, session } = simulate(conntrack(4), { keepaliveCheck: false });
    expect(measured(result).keepaliveKeepsAlive).toBeNull();
    expect(net.dials).toBeLessThanOrEqual(session.announced.connections);
  });
});

describe('output', () => {
  it('JSON: the public contract first, null where not measured; text names the query', () => {
    const { result } = simulate(conntrack(Infinity), { max: 20 });
    const r = measured(result);
    const json = JSON.parse(toJson(r)) as Record<string, unknown>;
    expect(Object.keys(json).slice(0, 4)).toEqual(['idleTimeoutSeconds', 'keepaliveKeepsAlive', 'expiry', 'query']);
    expect(json).toMatchObject({
      idleTimeoutSeconds: { low: 20, high: null },
      keepaliveKeepsAlive: null,
      expiry: null,
      query: 'idle=20',
    });
    const text = toText(r, parseProbeArgs(['h:1', '--max', '20']) as ProbeOptions);
    expect(text).toContain('query: idle=20');
    expect(text).toContain('above 20 s');
  });

  it('the progress line rewrites itself: carriage return, erase, one line', () => {
    const line = progressLine({ elapsed: 75.4, round: 2, alive: 3, dead: 4, waiting: 5 });
    expect(line.startsWith('\r\x1b[K')).toBe(true);
    expect(line).not.toContain('\n');
    expect(line).toContain('1 min 15 s elapsed, round 2, 3 alive, 4 dead, 5 waiting');
  });
});

describe('echo server', () => {
  it('echoes, and holds at most --max-connections at once', async () => {
    const server = await startEcho('127.0.0.1', 0, 2);
    try {
      const port = Number(server.address.split(':').at(-1));
      const connect = () =>
        new Promise<{ echo: (text: string) => Promise<string>; closed: Promise<void>; destroy: () => void }>(
          (resolve, reject) => {
            const s = createConnection({ host: '127.0.0.1', port }, () =>
              resolve({
                echo: (text) => new Promise((res) => (s.once('data', (d) => res(d.toString('latin1'))), s.write(text))),
                closed: new Promise((res) => s.once('close', () => res())),
                destroy: () => s.destroy(),
              }),
            );
            s.once('error', reject);
          },
        );
      const a = await connect();
      const b = await connect();
      expect(await a.echo('one\n')).toBe('one\n');
      expect(await b.echo('two\n')).toBe('two\n');
      const c = await connect();
      await c.closed; // the third is refused by closing it
      a.destroy();
      b.destroy();
    } finally {
      server.close();
    }
  });
});

describe('boundary', () => {
  it('nothing outside lib/probe/ and lib/cli.ts imports lib/probe/ (the page never does)', () => {
    const root = join(__dirname, '../..');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (
          /\.(ts|tsx|mjs)$/.test(name) &&
          !path.includes(`${join('lib', 'probe')}`) &&
          !path.endsWith(join('lib', 'cli.ts'))
        ) {
          if (/from\s+['"][^'"]*probe\//.test(readFileSync(path, 'utf8'))) offenders.push(path);
        }
      }
    };
    for (const dir of ['app', 'components', 'lib']) walk(join(root, dir));
    expect(offenders).toEqual([]);
  });

  it('the bounds table has the documented defaults', () => {
    expect(PROBE_BOUNDS.max.default).toBeLessThanOrEqual(PROBE_BOUNDS.max.max);
    expect(PROBE_BOUNDS.connections.max).toBe(64);
  });
});
