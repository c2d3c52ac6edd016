/**
 * Issue #11: OpenSSH under the timeline, with the plan applied as emitted: the sysctl snippet in the
 * client's and the server's namespace, the ssh-config snippet for ssh, the sshd-config drop-in for
 * sshd, all at once. Each scenario runs twice: at the phase the model calls worst (its `offset`) and
 * at a seeded random phase inside the model's range; each row compares the run with the model at the
 * phase the run really had (lib/timeline situationAt), and no run may exceed the worst case the CLI
 * prints by more than the tolerance.
 *
 * 1 and 3 (order A): the kernel's K = T + P*I ends before the first alive message, so the kernel
 *   resets the socket and ssh and sshd learn from it.
 * 2 and 3 (order B): the first alive message goes out before K; it is data in flight, the kernel stops
 *   probing, and ssh (sshd) gives up after its own count (FACTS.md section 10).
 * 4: a chatty session: output more often than ClientAliveInterval, so sshd never sends ClientAlive and
 *   only the retransmission of that output ends it, after the tcp_retries2 the sysctl snippet sets.
 *
 * Phases. ssh's first check runs at a whole second of its clock (clientloop.c: server_alive_time =
 * monotime() + ServerAliveInterval, a poll deadline in whole seconds), so its offset is
 * ServerAliveInterval minus the fraction of the second at which the last packet arrived: the run places
 * that packet, an echo of a line typed into ssh, at the wanted fraction. sshd's model has no free phase;
 * its last packet lands at the same fraction. In the chatty session the phase is when sshd writes after
 * the last segment it received: the remote command prints on that period.
 */
import { describe, expect, it } from 'vitest';
import { sshClientArgs, startSshd, type Sshd } from './harness/daemons';
import { engine, snippet, type EngineOutput } from './harness/engine';
import { useLab, assertCutHeld, type Lab } from './harness/lab';
import { nsExec, nsSpawn } from './harness/netns';
import { now, type Proc } from './harness/proc';
import { check, tolerance, type Expectation, type Measurement } from './harness/results';
import { helper, SocketWatcher, type Side } from './harness/witness';
import { labSeed, seededIn } from './harness/seed';
import { bootFraction, bootOffset, layerModel, untilBootFraction, type LayerModel } from './helpers/ssh-timeline';

/** Order A: K = 2 + 2*1 = 4 s; ssh's first check 5 to 6 s, sshd's (9.2p1, doubled) 12 s: the kernel first. */
const QUERY_A = 'target=ssh&keepalive=2:1:2&alive=6:1&host=labhost';
/**
 * Order B, planned: the planner picks K = 5 + 5*1 = 10 s, ServerAlive 6:2 (first check 5 to 6 s),
 * ClientAlive 3:2 (first at 6 s on 9.2p1), and tcp_retries2 = 5 for the chatty session (goal 20 s).
 */
const QUERY_B = 'target=ssh&idle=8&goal=20&host=labhost';

const SSH_PORT = 22;
/** A remote command that says when the session is up, then echoes each line typed into ssh (bounded). */
const ECHO_REMOTE = 'echo started; exec timeout 300 cat';
/**
 * The last packet is placed at least this far from a second boundary: ssh reads it a little after the
 * middlebox delivers it, and both must fall in the same second of ssh's clock.
 */
const EDGE = 0.02;
/** A delivery this close to a boundary is ambiguous (ssh may have read it in the next second): place it again. */
const AMBIGUOUS = 0.002;
/** How far from the wanted fraction the last packet may land, seconds (the row uses the phase it had). */
const PLACED = 0.05;

const SEED = labSeed();
const BOOT = bootOffset();

const ends = (port: number) => (s: { src: string; dst: string }) =>
  s.src.endsWith(`:${port}`) || s.dst.endsWith(`:${port}`);
const fmt = (t: number) => t.toFixed(3);

interface Plan {
  readonly query: string;
  readonly out: EngineOutput;
}

async function planOf(query: string): Promise<Plan> {
  return { query, out: await engine(query) };
}

interface Session {
  readonly ssh: Proc;
  readonly sshd: Sshd;
  readonly watcher: SocketWatcher;
  /** sshd's end of the connection, "local-remote" as the watcher names it. */
  readonly conn: string;
}

/**
 * The plan as emitted: the sysctl snippet in both hosts' namespaces (sysctl -p, as `sysctl --system`
 * reads a sysctl.d file), sshd with the drop-in at the top of its config, ssh with the ssh-config snippet.
 */
async function session(l: Lab, plan: Plan, remote: string): Promise<Session> {
  const sysctl = l.file('90-tcp-keepalive.conf', snippet(plan.out, 'sysctl'));
  for (const ns of [l.topo.client, l.topo.server]) await nsExec(ns, ['sysctl', '-q', '-p', sysctl]);
  const sshd = await startSshd(l, snippet(plan.out, 'sshd-config'));
  const watcher = await SocketWatcher.start(l.topo.server, sshd.port);
  const config = l.file('ssh_config', snippet(plan.out, 'ssh-config'));
  const ssh = nsSpawn(l.topo.client, 'ssh', ['ssh', '-F', config, ...sshClientArgs(l, sshd), '-T', 'labhost', remote]);
  await ssh.waitStdout('started', 15_000);
  const conn = await watcher.waitPresent((c) => c.startsWith(`${l.topo.serverAddr}:${sshd.port}-`), 5_000);
  return { ssh, sshd, watcher, conn };
}

/** What the sysctl snippet set in a namespace, read back. */
async function sysctlIn(ns: string, key: string): Promise<number> {
  return Number((await nsExec(ns, ['sysctl', '-n', key])).trim());
}

interface Exchange {
  /** When the line was typed; the line as delivered to sshd, its echo as delivered to ssh, and ssh's ACK of it as delivered to sshd. */
  readonly sent: number;
  readonly line: number;
  readonly echo: number;
  readonly ack: number;
}

/**
 * Types a line into ssh and waits for its round trip: the line delivered to sshd, the echo delivered to
 * ssh, and ssh's ACK of the echo delivered to sshd (so that nothing is left unacknowledged on either
 * side when the path is cut: unacknowledged data would stop keepalive).
 */
async function exchange(l: Lab, s: Session, text: string): Promise<Exchange> {
  const sent = now();
  s.ssh.send(text);
  const fromClient = (seg: { src: string }) => seg.src.startsWith(`${l.topo.clientAddr}:`);
  try {
    // The witness stamps a segment when it reads it, one interface after the other: on a loaded machine
    // the echo can carry an earlier time than the line it answers, so both are only asked to follow the typing.
    const line = await l.witness.waitDelivered(
      'server',
      10_000,
      (seg) => seg.t > sent && seg.len > 0 && fromClient(seg),
    );
    const echo = await l.witness.waitDelivered(
      'client',
      10_000,
      (seg) => seg.t > sent && seg.len > 0 && seg.src === `${l.topo.serverAddr}:${s.sshd.port}`,
    );
    const ack = await l.witness.waitDelivered('server', 10_000, (seg) => seg.t > echo.t && fromClient(seg));
    return { sent, line: line.t, echo: echo.t, ack: ack.t };
  } catch (error) {
    const seen = [...l.witness.delivered('client'), ...l.witness.delivered('server')]
      .filter((seg) => seg.t > sent - 0.5)
      .sort((a, b) => a.t - b.t);
    const trace = seen.map((seg) => `${fmt(seg.t - sent)} ${seg.src}>${seg.dst} ${seg.flags} ${seg.len}`).join(', ');
    throw new Error(`${String(error)}; typed "${text}" at 0, delivered since: ${trace}; ssh: ${s.ssh.tail()}`);
  }
}

/**
 * Places the last packet ssh receives (the echo) at `fraction` of a second of ssh's clock, then cuts
 * the path. The lead from typing to the echo comes from the exchange before; an echo that lands more
 * than PLACED from the fraction (the machine is loaded), or on a second boundary, is placed again, at
 * most five times.
 */
async function placeAndCut(l: Lab, s: Session, fraction: number): Promise<{ x: Exchange; tCut: number }> {
  let last = await exchange(l, s, 'warm');
  const landed: string[] = [];
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    await untilBootFraction(fraction, Math.max(0, last.echo - last.sent), BOOT);
    last = await exchange(l, s, `x${attempt}`);
    const f = bootFraction(last.echo, BOOT);
    const miss = Math.min(Math.abs(f - fraction), 1 - Math.abs(f - fraction));
    if (miss <= PLACED && f > AMBIGUOUS && f < 1 - AMBIGUOUS) return { x: last, tCut: await l.cutAfter(0) };
    landed.push(fmt(f));
  }
  throw new Error(`the last packet was wanted ${fmt(fraction)} into a second and landed at ${landed.join(', ')}`);
}

/** A keepalive probe on the wire: no payload, no RST, FIN or SYN (after the cut nothing arrives that a pure ACK would answer). */
const isProbe = (seg: { len: number; flags: string }) => seg.len === 0 && !/[RFS]/.test(seg.flags);

/**
 * Checks what the model says against what the side sent after the cut: for keepalive, the model's
 * number of probes, then the kernel's RST, and nothing written before it; for a heartbeat, the first
 * alive message at the model's time and no keepalive probe after it (data in flight suspends keepalive),
 * and no reset. Returns a note for the row.
 */
function checkOrder(
  l: Lab,
  side: Side,
  who: string,
  outcome: ReturnType<LayerModel['at']>,
  start: number,
  end: number,
  tCut: number,
): string {
  const sent = l.witness.sentBy(side).filter((seg) => seg.t > tCut && ends(SSH_PORT)(seg));
  const modelProbes = (before: number) => outcome.events.filter((e) => e.kind === 'probe' && e.at < before).length;
  if (outcome.decidedBy === 'keepalive') {
    const rst = sent.find((seg) => seg.flags.includes('R'));
    expect(rst, `${who}: the kernel resets the connection (an RST after the cut)`).toBeDefined();
    const at = rst?.t ?? end;
    expect(
      sent.filter((seg) => seg.len > 0 && seg.t < at),
      `${who}: nothing written before the kernel's reset (the alive message comes later)`,
    ).toEqual([]);
    const probes = sent.filter((seg) => isProbe(seg) && seg.t < at).length;
    expect(probes, `${who}: keepalive probes before the reset`).toBe(modelProbes(Number.POSITIVE_INFINITY));
    return `${probes} keepalive probes, the kernel's RST at ${fmt(at - start)} s, ${who} ended at ${fmt(end - start)} s`;
  }
  if (outcome.decidedBy === 'heartbeat') {
    const first = sent.find((seg) => seg.len > 0);
    const modelled = outcome.events.find((e) => e.kind === 'heartbeat')?.at;
    expect(first, `${who}: an alive message after the cut`).toBeDefined();
    expect(modelled, `${who}: the model sends an alive message`).toBeDefined();
    const seen = (first?.t ?? 0) - start;
    expect(
      Math.abs(seen - (modelled ?? 0)),
      `${who}: first alive message at ${fmt(seen)} s, model ${String(modelled)} s`,
    ).toBeLessThanOrEqual(tolerance(modelled ?? 0));
    const late = sent.filter((seg) => isProbe(seg) && seg.t > (first?.t ?? end)).length;
    expect(late, `${who}: no keepalive probe once the alive message is in flight`).toBe(0);
    expect(
      sent.some((seg) => seg.flags.includes('R') && seg.t < end - 0.05),
      `${who}: no kernel reset before ${who} gave up`,
    ).toBe(false);
    const early = sent.filter((seg) => isProbe(seg) && seg.t < (first?.t ?? end)).length;
    return `${early} keepalive probe${early === 1 ? '' : 's'} (model ${modelProbes(modelled ?? 0)}), first alive message at ${fmt(seen)} s (model ${String(modelled)} s), no probe after it`;
  }
  throw new Error(
    `${who}: this scenario expects keepalive or heartbeat to decide, the model says ${String(outcome.decidedBy)}`,
  );
}

/** A measurement's outcome, kept to be recorded as a row whether it succeeded or not. */
function settle<T>(p: Promise<T>): Promise<PromiseSettledResult<T>> {
  return p.then(
    (value) => ({ status: 'fulfilled', value }) as const,
    (reason: unknown) => ({ status: 'rejected', reason }) as const,
  );
}

/** Runs every check, so that each row is recorded, then fails with the first failure. */
async function checkAll(checks: readonly (() => Promise<void>)[]): Promise<void> {
  const results = await Promise.allSettled(checks.map((c) => c()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * One row: the run against the model at the run's phase (check records it, measured figure and all),
 * then the bound of issue #11: no run exceeds the worst case the CLI prints by more than the tolerance.
 */
async function checkRow(exp: Expectation, model: LayerModel, run: PromiseSettledResult<Measurement>): Promise<void> {
  try {
    await check(exp, async () => {
      if (run.status === 'rejected') throw run.reason;
      return run.value;
    });
  } finally {
    if (run.status === 'fulfilled') {
      expect(
        run.value.seconds,
        `${exp.scenario}: measured vs the worst case ${model.worstCaseSeconds} s`,
      ).toBeLessThanOrEqual(model.worstCaseSeconds + tolerance(model.worstCaseSeconds));
    }
  }
}

type Phase = 'worst' | 'random';

/**
 * Scenarios 1-3: an idle session, the last packet placed at the phase, the path cut; ssh's exit and
 * sshd's socket leaving ESTABLISHED, each from the last segment delivered to it (payload only where a
 * heartbeat decides: ssh's clocks count messages, not ACKs).
 */
async function idleRun(
  l: Lab,
  query: string,
  order: 'keepalive' | 'heartbeat',
  phase: Phase,
  rows: { client: string; server: string },
): Promise<void> {
  const plan = await planOf(query);
  const client = layerModel(query, plan.out, 'ssh-client', 'idle');
  const server = layerModel(query, plan.out, 'ssh-server', 'idle');
  const a = plan.out.values.serverAlive?.interval;
  if (a === undefined) throw new Error(`${query} sets no ServerAliveInterval`);
  const wanted = phase === 'worst' ? client.worstOffset : seededIn(rows.client, ...client.range);
  // ssh's first check is at a whole second: offset = interval - the fraction at which the last packet lands.
  const fraction = Math.min(1 - EDGE, Math.max(EDGE, (((a - wanted) % 1) + 1) % 1));

  const s = await session(l, plan, ECHO_REMOTE);
  const { x, tCut } = await placeAndCut(l, s, fraction);
  const realized = a - bootFraction(x.echo, BOOT);
  const atClient = client.at(realized);
  const atServer = server.at(0);
  const limitMs = (m: LayerModel) => (m.worstCaseSeconds + tolerance(m.worstCaseSeconds) + 10) * 1000;
  const phaseNote = `${phase === 'worst' ? 'worst phase' : `seed ${SEED}`}: ssh's first check wanted at ${fmt(wanted)} s, run at ${fmt(realized)} s (last packet ${fmt(bootFraction(x.echo, BOOT))} into a second)`;

  const clientRun = (async (): Promise<Measurement> => {
    expect(
      atClient.decidedBy,
      `${query} at offset ${fmt(realized)}: the model's ssh-client is decided by ${order}`,
    ).toBe(order);
    const exit = await s.ssh.waitExit(limitMs(client));
    expect(exit.code, 'ssh exits with 255').toBe(255);
    const gaveUp = s.ssh.stderr.join('\n').includes('not responding');
    expect(
      gaveUp,
      `ssh ${atClient.decidedBy === 'heartbeat' ? 'gives up on its alive messages' : 'learns of the reset, not of unanswered alive messages'}`,
    ).toBe(atClient.decidedBy === 'heartbeat');
    const start = l.witness.lastDelivered('client', tCut, {
      port: SSH_PORT,
      payloadOnly: atClient.decidedBy === 'heartbeat',
    });
    const wire = checkOrder(l, 'client', 'ssh', atClient, start, exit.t, tCut);
    return { seconds: exit.t - start, note: `${phaseNote}; decided by ${String(atClient.decidedBy)}: ${wire}` };
  })();
  const serverRun = (async (): Promise<Measurement> => {
    expect(atServer.decidedBy, `${query}: the model's ssh-server is decided by ${order}`).toBe(order);
    const gone = await s.watcher.waitGone(s.conn, limitMs(server));
    const start = l.witness.lastDelivered('server', tCut, {
      port: SSH_PORT,
      payloadOnly: atServer.decidedBy === 'heartbeat',
    });
    const wire = checkOrder(l, 'server', 'sshd', atServer, start, gone, tCut);
    const sub = `sshd's model has no free phase; its last packet ${fmt(bootFraction(x.line, BOOT))} into a second${phase === 'random' ? ` (seed ${SEED})` : ''}`;
    return { seconds: gone - start, note: `${sub}; decided by ${String(atServer.decidedBy)}: ${wire}` };
  })();
  const [c, v] = await Promise.all([settle(clientRun), settle(serverRun)]);
  assertCutHeld(l, tCut);

  await checkAll([
    () =>
      checkRow(
        { scenario: rows.client, query, layer: 'ssh-client', computed: atClient.worstCaseSeconds ?? Number.NaN },
        client,
        c,
      ),
    () =>
      checkRow(
        { scenario: rows.server, query, layer: 'ssh-server', computed: atServer.worstCaseSeconds ?? Number.NaN },
        server,
        v,
      ),
  ]);
}

/**
 * Scenario 4: the remote command prints every `period` s, below ClientAliveInterval, so sshd's poll
 * never times out and it never sends ClientAlive (serverloop.c: client_alive_check only after a poll
 * that timed out). The path is cut right after ssh ACKs a line; the next line is the first data sshd
 * writes into the dead path, and the retransmission timer (tcp_retries2 from the sysctl snippet) decides.
 */
async function chattyRun(l: Lab, phase: Phase, scenario: string): Promise<void> {
  const query = QUERY_B;
  const plan = await planOf(query);
  const chatty = layerModel(query, plan.out, 'ssh-server', 'chatty-session');
  const interval = plan.out.values.clientAlive?.interval;
  const retries2 = plan.out.values.retries2;
  if (interval === undefined || retries2 === undefined)
    throw new Error(`${query} sets no ClientAliveInterval or no tcp_retries2`);
  // Below about one RTO (200 ms) ssh's ACK may come after the next line is written; at the interval
  // itself sshd's poll would time out and send a ClientAlive: the period stays between the two.
  const usable: [number, number] = [Math.max(chatty.range[0], 0.25), Math.min(chatty.range[1], interval - 0.05)];
  const wanted = phase === 'worst' ? chatty.worstOffset : seededIn(scenario, ...usable);
  const period = Math.min(usable[1], Math.max(usable[0], wanted));

  const s = await session(l, plan, `exec /usr/bin/python3 -u ${helper('ssh-chatty.py')} ${period.toFixed(3)} 120`);
  const up = now();
  expect(
    await sysctlIn(l.topo.server, 'net.ipv4.tcp_retries2'),
    'the sysctl snippet set tcp_retries2 in the server namespace',
  ).toBe(retries2);
  await s.ssh.waitStdout('tick 0', period * 1000 + 5_000);
  const after = now();
  const fromServer = (seg: { src: string }) => seg.src === `${l.topo.serverAddr}:${s.sshd.port}`;
  const line = await l.witness.waitDelivered(
    'client',
    period * 1000 + 3_000,
    (seg) => seg.t > after && seg.len > 0 && fromServer(seg),
  );
  await l.witness.waitDelivered(
    'server',
    3_000,
    (seg) => seg.t > line.t && seg.src.startsWith(`${l.topo.clientAddr}:`),
  );
  const tCut = await l.cutAfter(0);
  const t0 = l.witness.lastDelivered('server', tCut, { port: SSH_PORT });
  // A ClientAlive is a request with a reply: had sshd sent one while the session was up, ssh's reply
  // would be payload from the client. In a chatty session ssh only ACKs.
  const replies = l.witness
    .delivered('server')
    .filter((seg) => seg.t > up && seg.t <= tCut && seg.len > 0 && seg.src.startsWith(`${l.topo.clientAddr}:`));
  const write = await l.witness.waitSent(
    'server',
    period * 1000 + 3_000,
    (seg) => seg.t > t0 && seg.len > 0 && fromServer(seg),
  );
  const offset = write.t - t0;
  const predicted = chatty.at(offset);
  const note = `${phase === 'worst' ? 'worst phase' : `seed ${SEED}`}: output every ${period.toFixed(3)} s (ClientAliveInterval ${interval} s), sshd wrote ${fmt(offset)} s after the last segment (wanted ${fmt(wanted)} s; model range ${fmt(chatty.range[0])}..${fmt(chatty.range[1])})`;

  const measured = (async (): Promise<Measurement> => {
    expect(offset, "the run's phase lies inside the model's range").toBeGreaterThanOrEqual(chatty.range[0]);
    expect(offset, "the run's phase lies inside the model's range").toBeLessThanOrEqual(chatty.range[1]);
    expect(predicted.decidedBy, 'the model: retransmission decides the chatty session').toBe('retries2');
    expect(replies, `sshd sent no ClientAlive in the ${fmt(tCut - up)} s before the cut (ssh sent no reply)`).toEqual(
      [],
    );
    const limit = (chatty.worstCaseSeconds + tolerance(chatty.worstCaseSeconds) + 10) * 1000;
    const gone = await s.watcher.waitGone(s.conn, limit);
    assertCutHeld(l, tCut);
    const sent = l.witness.sentBy('server').filter((seg) => seg.t > t0 && ends(SSH_PORT)(seg));
    expect(
      sent.some((seg) => seg.flags.includes('R') && seg.t <= gone),
      'no keepalive reset: the retransmission timer ends it',
    ).toBe(false);
    expect(sent.filter(isProbe), 'no keepalive probe: the output is in flight').toEqual([]);
    const again = sent.filter((seg) => seg.len > 0 && seg.t > write.t).map((seg) => fmt(seg.t - write.t));
    const abort = gone - write.t;
    return {
      seconds: gone - t0,
      note: `tcp_retries2 = ${retries2} read back in the server namespace; data sent again at ${again.join(', ')} s after the first write; aborted ${fmt(abort)} s after it (model ${fmt((predicted.worstCaseSeconds ?? 0) - offset)} s); no probe, no RST; no ClientAlive reply in the ${fmt(tCut - up)} s before the cut`,
    };
  })();
  await checkRow(
    { scenario, query, layer: 'ssh-server', computed: predicted.worstCaseSeconds ?? Number.NaN, note },
    chatty,
    await settle(measured),
  );
}

describe('OpenSSH under the timeline, the plan as emitted', () => {
  const lab = useLab();

  for (const phase of ['worst', 'random'] as const) {
    const tag = phase === 'worst' ? 'a' : 'b';
    it(`1 and 3, order A: the kernel resets before the first alive message (${phase} phase)`, async () => {
      const l = await lab();
      await idleRun(l, QUERY_A, 'keepalive', phase, {
        client: `tl-ssh 1${tag} ssh, kernel first (order A), ${phase} phase`,
        server: `tl-ssh 3${tag} sshd, kernel first (order A), ${phase} phase`,
      });
    });
  }

  for (const phase of ['worst', 'random'] as const) {
    const tag = phase === 'worst' ? 'a' : 'b';
    const serverTag = phase === 'worst' ? 'c' : 'd';
    it(`2 and 3, order B: the alive message goes first and the kernel stops probing (${phase} phase)`, async () => {
      const l = await lab();
      await idleRun(l, QUERY_B, 'heartbeat', phase, {
        client: `tl-ssh 2${tag} ssh, alive message first (order B), ${phase} phase`,
        server: `tl-ssh 3${serverTag} sshd 9.2p1, ClientAlive first (order B), ${phase} phase`,
      });
    });
  }

  for (const phase of ['worst', 'random'] as const) {
    const tag = phase === 'worst' ? 'a' : 'b';
    it(`4: a chatty session is never probed; tcp_retries2 ends it (${phase} phase)`, async () => {
      const l = await lab();
      await chattyRun(l, phase, `tl-ssh 4${tag} sshd chatty session, ${phase} phase`);
    });
  }
});
