/**
 * gRPC (target=grpc): a grpc-js 1.14 client built with the grpc-js snippet's channelOptions against a
 * Debian python3-grpcio 1.51 (C-core) server built by exec'ing the grpc-python snippet's server part
 * (harness/grpc.ts pythonServerPart), on loopback. With the emitted settings an idle channel is kept:
 * PINGs every planned time, answered, no GOAWAY, one TCP connection throughout, and an RPC after the
 * idle time on it. A client that PINGs more often than its server allows is sent GOAWAY too_many_pings.
 * The grpc-go snippet is vetted against Debian's golang-google-grpc-dev (grpc-go 1.33); the grpc-java
 * snippet is checked for syntax only (no gRPC jars in Debian).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { run, type Result } from '../../lib/engine';
import { stopAllDaemons } from './harness/daemon';
import {
  DEFAULT_SERVER,
  describeExec,
  goVet,
  javaSyntaxErrors,
  coreLines,
  pythonClientPart,
  pythonServerPart,
  startPyClient,
  startJsClient,
  startPyServer,
  stopAllClients,
  type JsClient,
  type PyServer,
  type TraceLine,
} from './harness/grpc';
import { record } from './harness/results';
import { socketsOnPort } from './harness/ss';
import { cleanupTempDirs } from './harness/tmp';
import { waitFor } from './harness/wait';

afterAll(async () => {
  stopAllClients();
  await stopAllDaemons();
  cleanupTempDirs();
});

/**
 * C-core's server: after more than max_ping_strikes early PINGs it sends GOAWAY ENHANCE_YOUR_CALM
 * "too_many_pings"; the default is 2 (GRPC_ARG_HTTP2_MAX_PING_STRIKES in grpc_types.h, the
 * `++ping_strikes > max_ping_strikes` test in chttp2_transport.cc grpc_chttp2_add_ping_strike). A PING
 * with no earlier one is never a strike (last_ping_recv_time starts in the infinite past), so the
 * GOAWAY answers PING number max_ping_strikes + 2.
 */
const MAX_PING_STRIKES = 2;
/** HTTP/2 ENHANCE_YOUR_CALM (RFC 9113 section 7), the GOAWAY code of too_many_pings. */
const ENHANCE_YOUR_CALM = 11;
/** Timers never fire early; this much lateness of one PING is allowed for a loaded 2-core machine. */
const LATE_MS = 500;
/** What a wait allows per PING interval: bounded, generous, never a pass condition itself. */
const WAIT_SLACK_MS = 3_000;

function plan(query: string): { result: Result; time: number; minPing: number; text: (id: string) => string } {
  const result = run(query);
  const time = result.plan.values.grpcTime;
  const minPing = result.plan.values.grpcMinPing;
  if (time === undefined || minPing === undefined) throw new Error(`?${query} plans no grpcTime / grpcMinPing`);
  const text = (id: string): string => {
    const s = result.snippets.find((x) => x.id === id);
    if (!s) throw new Error(`?${query} emits no ${id} snippet`);
    return s.text;
  };
  return { result, time, minPing, text };
}

const sent = (c: JsClient): TraceLine[] =>
  c.trace().filter((l) => l.tracer === 'keepalive' && l.text.endsWith('Sending ping with timeout 20000ms'));
const answered = (c: JsClient): TraceLine[] =>
  c.trace().filter((l) => l.tracer === 'keepalive' && l.text.endsWith('Received ping response'));
const goaways = (c: JsClient): TraceLine[] =>
  c.trace().filter((l) => l.tracer === 'transport' && l.text.includes('connection closed by GOAWAY'));
const gaps = (lines: readonly TraceLine[]): number[] => lines.slice(1).map((l, i) => l.at - (lines[i]?.at ?? 0));

/** Both ends, stopped even when the test fails. */
async function withPair(
  serverSource: string,
  clientSnippet: string,
  body: (server: PyServer, client: JsClient) => Promise<void>,
): Promise<void> {
  const server = await startPyServer(serverSource);
  let client: JsClient | undefined;
  try {
    client = await startJsClient(clientSnippet, server.port);
    await body(server, client);
  } finally {
    await client?.stop();
    await server.stop();
  }
}

/** The established connections the server's port has, as the client's address:port. */
async function clientEnds(port: number): Promise<string[]> {
  return (await socketsOnPort(port)).filter((s) => s.local.endsWith(`:${port}`)).map((s) => s.peer);
}

describe('grpc-js against python3-grpcio with the emitted settings: an idle channel is kept', () => {
  // idle=8 plans a time short enough to see five PINGs within about 30 s.
  const q = 'target=grpc&idle=8';
  const p = plan(q);

  it(`?${q}: no grpc-too-many-pings warning, the server's minimum below the client's time`, () => {
    expect(p.result.plan.warnings.map((w) => w.code)).not.toContain('grpc-too-many-pings');
    expect(p.minPing).toBeLessThan(p.time);
  });

  // C-core's GOAWAY answers PING number MAX_PING_STRIKES + 2 at the earliest: one PING more than that
  // must be answered too, or a server that enforces its 5 min default would pass unnoticed.
  const pings = MAX_PING_STRIKES + 3;
  it(`?${q}: ${pings} PINGs every grpcTime answered, no GOAWAY, one TCP connection, an RPC after the idle time`, async () => {
    await withPair(pythonServerPart(p.text('grpc-python')), p.text('grpc-js'), async (server, client) => {
      expect(await client.rpc(), client.stderr().slice(-2000)).toBe(true);
      const first = await clientEnds(server.port);
      expect(first).toHaveLength(1);
      // Each interval at most a little late, or a GOAWAY (then the assertions below say which).
      await waitFor(
        `${pings} answered PINGs or a GOAWAY`,
        () => answered(client).length >= pings || goaways(client).length > 0,
        pings * (p.time * 1000 + WAIT_SLACK_MS) + 10_000,
        100,
      );
      expect(
        goaways(client).map((l) => l.text),
        server.log().slice(-3000),
      ).toEqual([]);
      expect(server.log()).not.toMatch(/Sending goaway/);
      expect(answered(client).length).toBeGreaterThanOrEqual(pings);
      // Each PING after the one before by the planned time (grpc-js rearms its timer on the answer).
      for (const gap of gaps(sent(client))) {
        expect(gap).toBeGreaterThanOrEqual(p.time * 1000 - 5);
        expect(gap).toBeLessThanOrEqual(p.time * 1000 + LATE_MS);
      }
      console.info(`grpc idle: PING gaps ${gaps(sent(client)).join(', ')} ms for a planned ${p.time} s`);
      // Still READY since the first call: no state change at all, and the same single TCP connection.
      const states = client
        .events()
        .filter((e) => e.event === 'state')
        .map((e) => e.state);
      expect(states).toEqual(['IDLE', 'CONNECTING', 'READY']);
      expect(await clientEnds(server.port)).toEqual(first);
      expect(await client.rpc()).toBe(true);
      expect(await clientEnds(server.port)).toEqual(first);
      record({
        daemon: 'gRPC (python3-grpcio, grpc-js, grpc-go, javac)',
        kind: 'generated',
        label: `grpc-python + grpc-js ?${q}`,
        accepted: true,
        readBack: true,
      });
    });
  });
});

describe("the grpc-python snippet's client part against its server part: an idle channel is kept", () => {
  const q = 'target=grpc&idle=8';
  const p = plan(q);
  const bound = (MAX_PING_STRIKES + 3) * (p.time * 1000 + WAIT_SLACK_MS) + 10_000;

  // Both ends are C-core here, and C-core restarts its keepalive timer on every read, so the server's
  // own PINGs (every grpcTime too) postpone the client's: the client's PINGs are fewer than one per
  // interval. What is checked is the client's own PING, sent and answered on the idle channel.
  it(`?${q}: the C-core client's own PING on the idle channel is answered, no GOAWAY, one TCP connection, a call after it`, async () => {
    const server = await startPyServer(pythonServerPart(p.text('grpc-python')));
    try {
      const client = await startPyClient(pythonClientPart(p.text('grpc-python'), server.port));
      let log = '';
      let ends: string[] = [];
      const first = await clientEnds(server.port);
      try {
        expect(client.log()).toContain('{"event": "rpc", "ok": true}');
        expect(first).toHaveLength(1);
        // C-core's keepalive tracer: "Start keepalive ping" when it sends one, "Finish" on the answer.
        await waitFor(
          'an answered PING or a GOAWAY',
          () => coreLines(client.log(), /: Finish keepalive ping$/).length > 0 || /GOAWAY/i.test(client.log()),
          bound,
          100,
        );
        ends = await clientEnds(server.port);
      } finally {
        await client.stop();
        log = client.log();
      }
      expect(server.log()).not.toMatch(/Sending goaway/);
      expect(log).not.toMatch(/GOAWAY/i);
      expect(coreLines(log, /: Start keepalive ping$/).length).toBeGreaterThan(0);
      expect(coreLines(log, /: Finish keepalive ping$/).length).toBeGreaterThan(0);
      expect(ends).toEqual(first);
      // The call made on stopping, on the same channel.
      expect(log.split('{"event": "rpc", "ok": true}').length - 1, log.slice(-2000)).toBe(2);
      record({
        daemon: 'gRPC (python3-grpcio, grpc-js, grpc-go, javac)',
        kind: 'generated',
        label: `grpc-python client + server ?${q}`,
        accepted: true,
        readBack: true,
      });
    } finally {
      await server.stop();
    }
  });
});

describe('a client that PINGs more often than its server allows gets GOAWAY too_many_pings', () => {
  const q = 'target=grpc&grpc_time=1&grpc_min_ping=60';
  const p = plan(q);

  it(`?${q}: the plan warns grpc-too-many-pings`, () => {
    expect(p.result.plan.warnings.map((w) => w.code)).toContain('grpc-too-many-pings');
    expect(p.minPing).toBeGreaterThan(p.time);
  });

  /** The GOAWAY after max_ping_strikes + 2 PINGs of the planned interval, and grpc-js doubling its time. */
  async function expectTooManyPings(server: PyServer, client: JsClient, time: number): Promise<void> {
    expect(await client.rpc(), client.stderr().slice(-2000)).toBe(true);
    const calledAt = client.events().filter((e) => e.event === 'rpc')[0]?.at ?? Date.now();
    const pings = MAX_PING_STRIKES + 2;
    await waitFor('a GOAWAY', () => goaways(client).length > 0, pings * (time * 1000 + WAIT_SLACK_MS) + 10_000, 100);
    const goaway = goaways(client)[0];
    expect(goaway?.text).toMatch(new RegExp(`GOAWAY with code ${ENHANCE_YOUR_CALM} and data too_many_pings$`));
    expect(server.log()).toMatch(/Sending goaway err=.*too_many_pings/);
    const before = sent(client).filter((l) => l.at <= (goaway?.at ?? 0));
    expect(before).toHaveLength(pings);
    const after = (goaway?.at ?? 0) - calledAt;
    console.info(`grpc too_many_pings: GOAWAY ${after} ms after the first call, PINGs every ${time} s`);
    expect(after).toBeGreaterThanOrEqual(pings * time * 1000 - 50);
    expect(after).toBeLessThanOrEqual(pings * (time * 1000 + LATE_MS));
    // grpc-js doubles its keepalive time (subchannel.js, the GOAWAY's disconnect listener).
    expect(client.stderr()).toContain(
      `rejected by server because of excess pings. Increasing ping interval to ${2 * time * 1000} ms`,
    );
  }

  it(`?${q}: the snippet's server sends GOAWAY too_many_pings after ${MAX_PING_STRIKES + 2} PINGs, grpc-js doubles its time`, async () => {
    await withPair(pythonServerPart(p.text('grpc-python')), p.text('grpc-js'), (server, client) =>
      expectTooManyPings(server, client, p.time),
    );
  });

  const idle = plan('target=grpc&idle=8');
  it("?target=grpc&idle=8's grpc-js client against a server with C-core's defaults (no PINGs without calls): GOAWAY too_many_pings", async () => {
    await withPair(DEFAULT_SERVER, idle.text('grpc-js'), (server, client) =>
      expectTooManyPings(server, client, idle.time),
    );
  });
});

describe('grpc-go and grpc-java snippets', () => {
  const p = plan('target=grpc&idle=8');

  it("grpc-go: go vet passes against Debian's golang-google-grpc-dev 1.33 (GOPATH mode); a misspelt field fails", async () => {
    const good = await goVet(p.text('grpc-go'));
    expect(good.code, describeExec(good)).toBe(0);
    const broken = await goVet(p.text('grpc-go').replace('MinTime:', 'MinTme:'));
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toMatch(/MinTme/);
    record({
      daemon: 'gRPC (python3-grpcio, grpc-js, grpc-go, javac)',
      kind: 'generated',
      label: 'grpc-go ?target=grpc&idle=8 (go vet)',
      accepted: true,
      readBack: null,
    });
    record({
      daemon: 'gRPC (python3-grpcio, grpc-js, grpc-go, javac)',
      kind: 'broken',
      label: 'grpc-go MinTme (go vet)',
      accepted: false,
      readBack: null,
    });
  });

  it('grpc-java: syntax only (no gRPC jars in Debian): javac finds no error but missing symbols; a dropped parenthesis fails', async () => {
    const good = await javaSyntaxErrors(p.text('grpc-java'));
    expect(good.errors, describeExec(good.result)).toEqual([]);
    const broken = await javaSyntaxErrors(
      p.text('grpc-java').replace('.keepAliveWithoutCalls(true)', '.keepAliveWithoutCalls(true'),
    );
    expect(broken.errors.length).toBeGreaterThan(0);
    record({
      daemon: 'gRPC (python3-grpcio, grpc-js, grpc-go, javac)',
      kind: 'broken',
      label: 'grpc-java unclosed parenthesis (javac)',
      accepted: false,
      readBack: null,
    });
    record({
      daemon: 'gRPC (python3-grpcio, grpc-js, grpc-go, javac)',
      kind: 'generated',
      label: 'grpc-java ?target=grpc&idle=8 (javac, syntax only)',
      accepted: true,
      readBack: null,
    });
  });
});
