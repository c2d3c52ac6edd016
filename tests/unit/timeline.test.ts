/**
 * The timeline against its oracles: with one mechanism armed it equals the closed form of
 * lib/detection.ts over the whole input space; with several it is never below what the suspension
 * rules allow (FACTS.md section 10), and its events explain the figure in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ES_TRANSPORT_CLAMP,
  LINUX_RETRIES2,
  NODE_FIXED,
  idleKeepalive,
  idleWithUserTimeout,
  inFlight,
  nodeSetKeepAlive,
  retransmissionAbort,
  retries2Model,
  sshClient,
  sshServer,
  sshdProbeSpacing,
  esTransport,
} from '../../lib/detection';
import { detectionOf, outcomeAt, worstOutcome, type SituationOutcome } from '../../lib/timeline';
import {
  ACKNOWLEDGED,
  busyWithChecks,
  heartbeat,
  idle,
  insideStatement,
  kernelEnd,
  nginxUpstreamRequest,
  pinging,
  writes,
} from '../../lib/timeline/models';
import type { Alive, Keepalive } from '../../lib/types';

/** The whole range the per-socket options accept: T and I 1..32767 s, P 1..127 (FACTS.md section 1). */
const keepalive: fc.Arbitrary<Keepalive> = fc.record({
  idle: fc.integer({ min: 1, max: 32767 }),
  interval: fc.integer({ min: 1, max: 32767 }),
  count: fc.integer({ min: 1, max: 127 }),
});
/** TCP_USER_TIMEOUT in ms, up to a week. */
const userTimeout = fc.integer({ min: 1, max: 604_800_000 });
const alive: fc.Arbitrary<Alive> = fc.record({
  interval: fc.integer({ min: 1, max: 3600 }),
  count: fc.integer({ min: 1, max: 20 }),
});
const retries2 = fc.integer({ min: 1, max: 15 });
const near = (a: number | null, b: number | null) =>
  a === null || b === null ? expect(a).toBe(b) : expect(a).toBeCloseTo(b, 3);

function ordered(o: SituationOutcome): void {
  for (let i = 1; i < o.events.length; i++) expect(o.events[i]!.at).toBeGreaterThanOrEqual(o.events[i - 1]!.at);
  if (o.worstCaseSeconds !== null) {
    const last = o.events.at(-1)!;
    expect(['detect', 'close']).toContain(last.kind);
    expect(last.at).toBe(o.worstCaseSeconds);
  }
}

describe('one mechanism armed: the timeline equals its closed form', () => {
  it('kernel keepalive alone, idle: T + P × I (1000 runs)', () => {
    fc.assert(
      fc.property(keepalive, (k) => {
        const o = worstOutcome(idle({ keepalive: k, owner: 'x' }));
        near(o.worstCaseSeconds, idleKeepalive(k).worstCaseSeconds);
        ordered(o);
        expect(o.events.filter((e) => e.kind === 'probe')).toHaveLength(k.count);
      }),
      { numRuns: 1000 },
    );
  });

  it('kernel keepalive with TCP_USER_TIMEOUT, idle: T + I × max(1, ⌈(U − T) / I⌉) (1000 runs)', () => {
    fc.assert(
      fc.property(keepalive, userTimeout, (k, u) => {
        const o = worstOutcome(idle({ keepalive: k, userTimeoutMs: u, owner: 'x' }));
        near(o.worstCaseSeconds, idleWithUserTimeout(k, u).worstCaseSeconds);
        ordered(o);
      }),
      { numRuns: 1000 },
    );
  });

  it('data in flight alone: one RTO + U, or the tcp_retries2 model (500 runs)', () => {
    fc.assert(
      fc.property(fc.option(userTimeout, { nil: undefined }), retries2, (u, n) => {
        const o = outcomeAt(
          writes('writing-result', { keepalive: undefined, userTimeoutMs: u, retries2: n, owner: 'x' }, 'x', 'writes'),
          0,
        );
        near(o.worstCaseSeconds, inFlight(u, n).worstCaseSeconds);
        expect(o.decidedBy).toBe(u ? 'user-timeout' : 'retries2');
      }),
      { numRuns: 500 },
    );
  });

  // The retransmission timer is always armed: the first unanswered alive message is data in flight,
  // so the heartbeat's own count decides only while it ends before that message + the tcp_retries2 model.
  const beforeRetransmission = (a: Alive, spacing = 1) =>
    spacing * a.interval * (a.count + 1) < spacing * a.interval + retransmissionAbort(LINUX_RETRIES2);

  it('ssh ServerAlive alone: interval × (count + 1) (500 runs)', () => {
    fc.assert(
      fc.property(
        alive.filter((a) => beforeRetransmission(a)),
        (a) => {
          const o = worstOutcome(
            heartbeat({ keepalive: undefined, owner: 'ssh' }, a, a.interval, 'ssh', 'alive message', [], true),
          );
          near(o.worstCaseSeconds, sshClient(a).worstCaseSeconds);
          expect(o.events.filter((e) => e.kind === 'heartbeat')).toHaveLength(a.count);
          ordered(o);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a heartbeat that outlasts retransmission: the first message + the tcp_retries2 model (200 runs)', () => {
    fc.assert(
      fc.property(
        alive.filter((a) => !beforeRetransmission(a)),
        (a) => {
          const o = worstOutcome(
            heartbeat({ keepalive: undefined, owner: 'ssh' }, a, a.interval, 'ssh', 'alive message', [], true),
          );
          near(o.worstCaseSeconds, a.interval + retransmissionAbort(LINUX_RETRIES2));
          expect(o.decidedBy).toBe('retries2');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('sshd ClientAlive alone: (spacing ×) interval × (count + 1), by version (500 runs)', () => {
    fc.assert(
      fc.property(alive, fc.constantFrom([9, 2], [9, 5], [8, 9], [10, 0]), (a, v) => {
        fc.pre(beforeRetransmission(a, sshdProbeSpacing(v)));
        const every = sshdProbeSpacing(v) * a.interval;
        const o = worstOutcome(
          heartbeat({ keepalive: undefined, owner: 'sshd' }, a, every, 'sshd', 'ClientAlive message', [], false),
        );
        near(o.worstCaseSeconds, sshServer(a, v).worstCaseSeconds);
      }),
      { numRuns: 500 },
    );
  });

  it("Node's setKeepAlive: floor(ms / 1000) + 10 × 1 s (500 runs)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 32_767_000 }), (ms) => {
        const o = worstOutcome(idle({ keepalive: { idle: Math.floor(ms / 1000), ...NODE_FIXED }, owner: 'node' }));
        near(o.worstCaseSeconds, nodeSetKeepAlive(ms).worstCaseSeconds);
      }),
      { numRuns: 500 },
    );
  });

  it('Elasticsearch transport sockets: the 300 s clamp (500 runs)', () => {
    fc.assert(
      fc.property(keepalive, (k) => {
        const c = {
          idle: Math.min(k.idle, ES_TRANSPORT_CLAMP),
          interval: Math.min(k.interval, ES_TRANSPORT_CLAMP),
          count: k.count,
        };
        near(worstOutcome(idle({ keepalive: c, owner: 'es' })).worstCaseSeconds, esTransport(k).worstCaseSeconds);
      }),
      { numRuns: 500 },
    );
  });
});

describe('several mechanisms armed: never below what the suspension rules allow', () => {
  it('ssh alive messages with kernel keepalive: K only if K ends before the first message can leave, else interval × (count + 1) (1000 runs)', () => {
    fc.assert(
      fc.property(
        alive,
        fc.record({
          idle: fc.integer({ min: 1, max: 400 }),
          interval: fc.integer({ min: 1, max: 60 }),
          count: fc.integer({ min: 1, max: 9 }),
        }),
        (a, k) => {
          const o = worstOutcome(
            heartbeat({ keepalive: k, owner: 'ssh' }, a, a.interval, 'ssh', 'alive message', [], true),
          );
          const K = idleKeepalive(k).worstCaseSeconds!;
          const A = sshClient(a).worstCaseSeconds!;
          // The message is data: once it is out the kernel never probes again (tcp_keepalive_timer).
          expect(o.worstCaseSeconds!).toBeGreaterThanOrEqual(Math.min(K, A) - 1e-3);
          if (K < a.interval - 1) near(o.worstCaseSeconds, K);
          if (K >= a.interval) near(o.worstCaseSeconds, Math.min(A, a.interval + retransmissionAbort(LINUX_RETRIES2)));
          ordered(o);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('a write into the dead path: never before the idle kernel, and K + RTO + U at worst with U (1000 runs)', () => {
    fc.assert(
      fc.property(
        fc.record({
          idle: fc.integer({ min: 1, max: 600 }),
          interval: fc.integer({ min: 1, max: 60 }),
          count: fc.integer({ min: 1, max: 9 }),
        }),
        fc.option(fc.integer({ min: 1, max: 600_000 }), { nil: undefined }),
        retries2,
        (k, u, n) => {
          const sock = { keepalive: k, userTimeoutMs: u, retries2: n, owner: 'x' };
          const K = kernelEnd(sock)!;
          const o = worstOutcome(writes('writing-result', sock, 'x', 'writes'));
          expect(o.worstCaseSeconds!).toBeGreaterThanOrEqual(K);
          near(o.worstCaseSeconds, K + inFlight(u, n).worstCaseSeconds!);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('pings that never give up: the first ping + retransmission, unless the kernel ends the idle socket first (500 runs)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.record({
          idle: fc.integer({ min: 1, max: 300 }),
          interval: fc.integer({ min: 1, max: 60 }),
          count: fc.integer({ min: 1, max: 9 }),
        }),
        retries2,
        (p, k, n) => {
          const sock = { keepalive: k, retries2: n, owner: 'es' };
          const K = kernelEnd(sock)!;
          const o = worstOutcome(pinging(sock, p, 'Elasticsearch', []));
          if (K < p) near(o.worstCaseSeconds, K);
          else expect(o.worstCaseSeconds!).toBeGreaterThanOrEqual(Math.min(K, p + retransmissionAbort(n)) - 1e-3);
          if (2 * p < K) near(o.worstCaseSeconds, 2 * p + retransmissionAbort(n));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a thread inside a statement: noticed when the statement ends, never before the kernel resets the socket', () => {
    const sock = { keepalive: { idle: 5, interval: 1, count: 3 }, retries2: 5, owner: 'the thread' };
    const model = insideStatement(sock, 'the thread', 50, []);
    // The statement ends just before the kernel's K = 8 s: its result is in flight, tcp_retries2 = 5 decides.
    near(outcomeAt(model, 8 - 1e-6).worstCaseSeconds, 8 + retransmissionAbort(5));
    expect(outcomeAt(model, 8 - 1e-6).decidedBy).toBe('retries2');
    // Ending after K, the thread learns at the statement's end: the longest statement is the worst case here.
    expect(outcomeAt(model, 30).worstCaseSeconds).toBe(30);
    near(detectionOf([model]).worstCaseSeconds, Math.max(50, 8 + retransmissionAbort(5)));
    // With the default tcp_retries2 the in-flight result is the worst case.
    near(
      detectionOf([insideStatement({ ...sock, retries2: undefined }, 'the thread', 50, [])]).worstCaseSeconds,
      8 + retransmissionAbort(LINUX_RETRIES2),
    );
  });

  it("nginx retries a pooled connection's error: the next dead pooled one, then a new connection until proxy_connect_timeout", () => {
    // Measured in tests/lab/timeline-proxy.test.ts: a request at r = 1.08 s failed on two dead pooled
    // connections (tcp_retries2 = 5, about 13.4 s each), then a new connection: 87.81 s = r + 2 × 13.4 + 60.
    const sock = { keepalive: { idle: 15, interval: 1, count: 5 }, retries2: 5, owner: 'nginx' };
    const opts = { pooled: true, poolEnd: 15, read: 60, connect: 60, retransmit: retransmissionAbort(5) };
    const model = nginxUpstreamRequest(sock, opts, []);
    near(outcomeAt(model, 1.08).worstCaseSeconds, 1.08 + 2 * retransmissionAbort(5) + 60);
    expect(outcomeAt(model, 1.08).decidedBy).toBe('connect-timeout');
    // Without the lever the read timeout ends the wait first (no retry on a timeout): r + 60.
    near(
      outcomeAt(
        nginxUpstreamRequest({ ...sock, retries2: undefined }, { ...opts, retransmit: retransmissionAbort(15) }, []),
        1.08,
      ).worstCaseSeconds,
      61.08,
    );
    // Acknowledged before the death: the kernel's K = 20 s resets it, the retry goes to a new connection (80 s, measured 80.1).
    near(outcomeAt(model, ACKNOWLEDGED).worstCaseSeconds, 20 + 60);
    // The same on a new connection: no retry, 502 at K.
    near(outcomeAt(nginxUpstreamRequest(sock, { ...opts, pooled: false }, []), ACKNOWLEDGED).worstCaseSeconds, 20);
  });

  it("the abort of data in flight: the measured figures of tests/lab (timeline-db, inflight) and FACTS.md's typical ~940 s", () => {
    // Measured from the write: N = 4 about 6.8 s, N = 5 13.14 to 13.70 s, N = 7 54.25 to 56.04 s.
    expect(retransmissionAbort(4)).toBeCloseTo(6.8, 0);
    expect(retransmissionAbort(5)).toBeGreaterThanOrEqual(13.14);
    expect(retransmissionAbort(5)).toBeLessThanOrEqual(13.7);
    expect(retransmissionAbort(7)).toBeGreaterThanOrEqual(54.25);
    expect(retransmissionAbort(7)).toBeLessThanOrEqual(56.04);
    expect(retransmissionAbort(LINUX_RETRIES2)).toBeGreaterThan(retries2Model(LINUX_RETRIES2));
    expect(Math.abs(retransmissionAbort(LINUX_RETRIES2) - 940)).toBeLessThan(5);
  });

  it('a backend busy in a query: the socket check just before the reset puts the next one a whole period after it', () => {
    const sock = { keepalive: { idle: 2, interval: 1, count: 3 }, owner: 'the backend' };
    // K = 5 s; checks every 1 s: the worst phase sees the reset at the check after 5, at 6 s (K + I, FACTS.md section 10).
    near(detectionOf([busyWithChecks(sock, 'the backend', 1, 'client_connection_check_interval')]).worstCaseSeconds, 6);
  });
});
