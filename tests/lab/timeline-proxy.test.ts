/**
 * Scenario 11 (issue #11): the timeline models of nginx towards its upstream, Elasticsearch transport
 * pings and a conntrack box, against the real kernel (and Debian's nginx 1.22.1), with each plan
 * applied as emitted: every snippet of the target together, the sysctl snippet in both hosts'
 * namespaces. Each timed scenario runs at the phase the model says is worst and at a seeded random
 * phase inside the model's range (KALAB_SEED, else derived from the clock; printed, and in each
 * row's note). The model's figure is computed in-process (lib/timeline situationAt) at the phase the
 * run actually took, seen by the path witness; the snippets come from the CLI, as users run it.
 * Every time counts from the last segment the middlebox delivered to the detecting side.
 *
 * 11a nginx reuses a dead pooled upstream connection (the model: r + proxy_read_timeout); 11b requests
 * the upstream had acknowledged when the path died; 11e 11a with a goal, where the planner lowers
 * tcp_retries2; 11c Elasticsearch transport pings; 11d a conntrack box against the engine's `survival`.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toJson } from '../../lib/cli';
import { run } from '../../lib/engine';
import { LINUX_RETRIES2, retransmissionAbort } from '../../lib/detection';
import { modelsOf, outcomeAt, situationAt, type SituationId } from '../../lib/timeline';
import { NGINX_DEFAULT_TIMEOUT } from '../../lib/targets/nginx';
import { ACKNOWLEDGED, nginxUpstreamRequest } from '../../lib/timeline/models';
import type { Detection } from '../../lib/types';
import { engine, snippet, type EngineOutput } from './harness/engine';
import { ECHO_PORT, assertCutHeld, labOn, startClient, startEcho, useLab, type Lab } from './harness/lab';
import { ADDRESSES, conntrackFirewall, createTopology, destroyTopology, nsExec, nsSpawn } from './harness/netns';
import { startNginx } from './harness/nginx';
import { now, sleep, until, type Proc } from './harness/proc';
import { check, checkOutcome, tolerance, type Measurement } from './harness/results';
import { labSeed, seededIn } from './harness/seed';
import { PYTHON, helper } from './harness/witness';

/** The seed of every random phase in this file (tests/lab/harness/seed.ts). */
const SEED = labSeed();

/**
 * How far inside a model's range the lab aims: a phase is set by a sleep and a process waking up
 * (milliseconds off on a loaded machine), and at a range's end one millisecond too late changes the
 * outcome (nginx closes the pooled connection; an Elasticsearch ping moves a whole period).
 */
const EDGE = 0.3;
/**
 * How close a run's phase, as the witness saw it, must come to its aim: further off means the model's
 * phase does not mean what the daemon does (a ping a period early), not a slow machine.
 */
const PHASE_SLACK = 0.5;

/** The in-process model of one layer after the plan (lib/timeline). */
function layerModel(query: string, layer: string): Detection {
  const d = run(query).plan.detection.find((x) => x.layer === layer)?.after;
  if (d === undefined) throw new Error(`no layer ${layer} for ${query}`);
  return d;
}

/** The CLI prints the same situations as the in-process model the lab runs at other phases. */
async function sameAsCli(query: string, layer: string, d: Detection): Promise<void> {
  const printed = (await engine(query)).detection.find((x) => x.layer === layer)?.after.situations;
  expect(printed, `the CLI's ${layer} situations for ${query}`).toEqual(JSON.parse(JSON.stringify(d.situations)));
}

/** The model's worst offset of a situation (the JSON's situations[].offset) and its range. */
function phases(
  d: Detection,
  situation: SituationId,
): { worst: number; worstCase: number; range: readonly [number, number] } {
  const s = d.situations?.find((x) => x.situation === situation);
  const m = modelsOf(d).find((x) => x.situation === situation);
  if (s === undefined || m === undefined || s.worstCaseSeconds === null)
    throw new Error(`no finite ${situation} situation`);
  return { worst: s.offset, worstCase: s.worstCaseSeconds, range: m.range };
}

function predicted(d: Detection, situation: SituationId, offset: number): number {
  const p = situationAt(d, situation, offset).worstCaseSeconds;
  if (p === null) throw new Error(`the model says ${situation} at ${offset} s never ends`);
  return p;
}

/** A measured figure must never exceed the model's worst case by more than the tolerance. */
function notAboveWorst(scenario: string, measured: number, worstCase: number): void {
  expect(measured, `${scenario}: measured against the model's worst case ${worstCase} s`).toBeLessThanOrEqual(
    worstCase + tolerance(worstCase),
  );
}

/** Applies the emitted sysctl snippet (`sysctl -p`, as `sysctl --system` reads it) in each namespace. */
async function applySysctl(l: Lab, text: string, namespaces: readonly string[]): Promise<void> {
  const file = l.file('90-tcp-keepalive.conf', text);
  for (const ns of namespaces) await nsExec(ns, ['sysctl', '-q', '-p', file]);
}

/** Runs every check, records every row, then fails with every failure's message (one row per measurement). */
async function allChecks(checks: readonly Promise<void>[]): Promise<void> {
  const settled = await Promise.allSettled(checks);
  const failed = settled
    .filter((s): s is PromiseRejectedResult => s.status === 'rejected')
    .map((s): unknown => s.reason);
  if (failed.length === 1) throw failed[0];
  if (failed.length > 1)
    throw new Error(failed.map((e) => (e instanceof Error ? e.message : String(e))).join('\n---\n'));
}

/**
 * A second topology beside the test's own, to run a slow scenario at the same time (the file's wall
 * time). It is torn down with the test's: nginx first, then the namespaces, then its temp dir.
 */
async function secondLab(l: Lab): Promise<Lab> {
  const tmp = mkdtempSync(join(tmpdir(), 'kalab-'));
  chmodSync(tmp, 0o755);
  l.onCleanup(() => rmSync(tmp, { recursive: true, force: true }));
  const topo = createTopology();
  l.onCleanup(() => destroyTopology(topo));
  return labOn(topo, tmp, (step) => l.onCleanup(step));
}

const UPSTREAM_PORT = 8080;
/** nginx answers on the client namespace's loopback; the site's listen line names port 80. */
const NGINX_PORT = 80;

/**
 * nginx with the emitted site, towards a keep-alive upstream across the lab's path: three requests at
 * once fill the pool, the path is cut silently, then at offset r (the worst, and a seeded random one)
 * a request reuses a dead pooled connection (rows `tag`). With `inflight`, two requests are also left
 * unanswered by the upstream when the path dies, one on a new connection and one on a pooled one.
 */
async function nginxScenario(l: Lab, query: string, tag: string, inflight: boolean): Promise<void> {
  const layer = 'nginx-upstream';
  const out = await engine(query);
  const d = layerModel(query, layer);
  await sameAsCli(query, layer, d);
  const wait = phases(d, 'waiting-for-reply');
  const idleEnds = phases(d, 'idle').worstCase; // keepalive_timeout: nginx closes the pooled connection then
  await applySysctl(l, snippet(out, 'sysctl'), [l.topo.client, l.topo.server]);
  const upstream = nsSpawn(l.topo.server, 'upstream', [
    PYTHON,
    helper('proxy-upstream.py'),
    l.topo.serverAddr,
    String(UPSTREAM_PORT),
  ]);
  await upstream.waitEvent('ready', 5_000);
  const nginx = await startNginx(l, l.topo.client, snippet(out, 'nginx-conf'));

  const get = (path: string, timeoutS: number): Proc =>
    nsSpawn(l.topo.client, `GET ${path}`, [
      PYTHON,
      helper('proxy-get.py'),
      '127.0.0.1',
      String(NGINX_PORT),
      path,
      String(timeoutS),
    ]);
  const status = async (p: Proc, timeoutMs: number): Promise<{ code: number; t: number }> => {
    const e = await until(`${p.name}: an answer`, timeoutMs, () =>
      p.events.find((x) => x.event === 'status' || x.event === 'error'),
    );
    if (e.event !== 'status' || typeof e.code !== 'number') throw new Error(`${p.name}: ${String(e.message)}`);
    return { code: e.code, t: e.t };
  };
  const requestPort = async (path: string): Promise<number> => {
    const e = await upstream.waitEvent('request', 10_000, (x) => x.path === path);
    return Number(e.port);
  };
  const accepted = (): number[] => upstream.events.filter((e) => e.event === 'accepted').map((e) => Number(e.port));

  // The longest wait here: the model's worst case, then a retry on a new connection whose SYNs go into the
  // dead path until proxy_connect_timeout, and once more a dead pooled connection's proxy_read_timeout
  // (both 60 s by default: FACTS.md section 6; ngx_http_proxy_module.c merges connect_timeout with 60000 ms).
  const answerS = wait.worstCase + 2 * NGINX_DEFAULT_TIMEOUT + 30;
  // 11b, fresh: the pool is empty, so this request opens a connection; the upstream takes it and never answers.
  const fresh = inflight ? get('/hang-fresh', answerS) : undefined;
  const freshPort = fresh ? await requestPort('/hang-fresh') : undefined;
  // Three requests at once (each answered after 0.3 s) leave three idle connections in the pool
  // (the emitted upstream block's keepalive 16 caches up to 16 per worker: FACTS.md section 6).
  const fill = [1, 2, 3].map((i) => get(`/slow-${i}`, 10));
  for (const p of fill) expect((await status(p, 10_000)).code).toBe(200);
  const pooled = accepted().filter((p) => p !== freshPort);
  expect(pooled, 'one new upstream connection per concurrent request').toHaveLength(3);
  // 11b, pooled: this request reuses one of them (no new connection); the upstream never answers.
  const inflightPooled = inflight ? get('/hang-pooled', answerS) : undefined;
  const pooledPort = inflightPooled ? await requestPort('/hang-pooled') : undefined;
  if (pooledPort !== undefined) {
    expect(pooled, 'the in-flight request went on a pooled connection').toContain(pooledPort);
    expect(accepted(), 'no new connection for it').toHaveLength(4);
  }
  const idlePorts = pooled.filter((p) => p !== pooledPort);

  const tCut = await l.cutAfter(200);
  const last = (port: number) => l.witness.lastDelivered('client', tCut, { port });
  const lastIdle = Math.max(...idlePorts.map(last));
  const [lo, hi] = wait.range;
  const targets = [
    // The worst reuse phase: the model's worst offset, or, when its worst is the acknowledged request
    // (11b's negative offset), the latest reuse the range allows.
    { name: 'worst phase', aim: wait.worst >= 0 ? Math.min(wait.worst, hi - EDGE) : hi - EDGE },
    { name: 'random phase', aim: seededIn('11a', lo, Math.min(hi, idleEnds) - EDGE) },
  ].sort((a, b) => a.aim - b.aim);

  // 11a: at offset r after the last segment received, a request arrives and nginx reuses a dead pooled connection.
  const reuse = async (
    aim: number,
    path: string,
    taken: Set<number>,
  ): Promise<{ proc: Proc; path: string; port: number; aim: number; offset: number }> => {
    await sleep(Math.max(0, (lastIdle + aim - now()) * 1000));
    // nginx may forward the request before the client's "sent" line is stamped: look from before the spawn.
    const before = now();
    const proc = get(path, answerS);
    const segment = await l.witness.waitSent(
      'client',
      5_000,
      (s) => s.t >= before && s.len > 0 && idlePorts.some((p) => !taken.has(p) && s.src.endsWith(`:${p}`)),
    );
    const port = Number(segment.src.split(':').pop());
    taken.add(port);
    return { proc, path, port, aim, offset: segment.t - last(port) };
  };
  const taken = new Set<number>();
  const runs: { name: string; proc: Proc; path: string; port: number; aim: number; offset: number }[] = [];
  for (const t of targets)
    runs.push({ name: t.name, ...(await reuse(t.aim, `/reuse-${t.name.split(' ')[0] ?? ''}`, taken)) });

  /** What nginx logged about one request: "upstream timed out (110: ...) while reading response header from upstream". */
  const logged = (path: string): string[] =>
    nginx.stderr
      .filter((line) => line.includes(`"GET ${path} `))
      .map((line) => /\*\d+ (.*?), client:/.exec(line)?.[1] ?? line);
  const measureAnswer = async (proc: Proc, path: string, port: number): Promise<Measurement & { code: number }> => {
    const answer = await status(proc, answerS * 1000);
    assertCutHeld(l, tCut);
    // nginx logs the error before it answers; its stderr line may reach us a moment after the answer.
    const said = await until(`nginx's error line for ${path}`, 5_000, () =>
      logged(path).length > 0 ? logged(path) : undefined,
    );
    return {
      seconds: answer.t - last(port),
      note: `nginx answered ${answer.code}; nginx: ${said.join(' / ')}`,
      code: answer.code,
    };
  };
  /**
   * One row: the time against the model, then the answer (504: a timeout ended the wait; 502: an error on
   * a new connection, which nginx does not retry) and the worst case.
   */
  const row = async (
    scenario: string,
    computed: number,
    note: string,
    proc: Proc,
    path: string,
    port: number,
    code = 504,
  ): Promise<void> => {
    let got: (Measurement & { code: number }) | undefined;
    await check(
      { scenario, query, layer: `${layer} waiting-for-reply`, computed, note },
      async () => (got = await measureAnswer(proc, path, port)),
    );
    notAboveWorst(scenario, got?.seconds ?? Number.NaN, wait.worstCase);
    expect(got?.code, `${scenario}: nginx's answer`).toBe(code);
  };

  const checks = runs.map(async (r) => {
    const scenario = `${tag} nginx reuses a dead pooled connection, ${r.name}`;
    const note = `seed ${SEED}; request at r = ${r.offset.toFixed(3)} s after the last segment received (aimed ${r.aim.toFixed(3)}; the model's worst r = ${wait.worst} s)`;
    await row(scenario, predicted(d, 'waiting-for-reply', r.offset), note, r.proc, r.path, r.port);
    expect(Math.abs(r.offset - r.aim), `${scenario}: the request's phase against its aim`).toBeLessThan(PHASE_SLACK);
  });
  // 11b: the upstream acknowledged the request and the path died before it answered: nothing is in flight,
  // so the kernel's keepalive runs. On the pooled connection its reset is an error nginx retries on a new
  // connection, ended by proxy_connect_timeout (504): the model's waiting-for-reply at ACKNOWLEDGED. On a
  // new connection nginx does not retry: the model of the same request unpooled (lib/timeline/models.ts).
  const v = run(query).plan.values;
  const unpooled = nginxUpstreamRequest(
    { keepalive: v.keepalive, retries2: v.retries2, owner: 'nginx' },
    {
      pooled: false,
      poolEnd: 0,
      read: NGINX_DEFAULT_TIMEOUT,
      connect: NGINX_DEFAULT_TIMEOUT,
      retransmit: retransmissionAbort(v.retries2 ?? LINUX_RETRIES2),
    },
    [],
  );
  const fromFresh = outcomeAt(unpooled, ACKNOWLEDGED).worstCaseSeconds;
  if (fromFresh === null) throw new Error('the unpooled model never ends');
  const requests = [
    ['on a new connection', fresh, '/hang-fresh', freshPort, fromFresh, 502],
    [
      'on a pooled connection',
      inflightPooled,
      '/hang-pooled',
      pooledPort,
      predicted(d, 'waiting-for-reply', ACKNOWLEDGED),
      504,
    ],
  ] as const;
  for (const [name, proc, path, port, computed, code] of requests) {
    if (proc === undefined || port === undefined) continue;
    checks.push(
      row(
        `11b nginx request in flight, ${name}`,
        computed,
        "the upstream had acknowledged the whole request; no free phase (the model's ACKNOWLEDGED offset)",
        proc,
        path,
        port,
        code,
      ),
    );
  }
  await allChecks(checks);
}

/** The smallest path timeout the CLI plans for (tests/lab/middlebox.test.ts: idle=1..3 are infeasible). */
const CONNTRACK_F = 4;

/**
 * An echo server behind a conntrack box of CONNTRACK_F s (netns.ts conntrackFirewall), three idle
 * connections: one with the plan (the sysctl snippet in both namespaces, SO_KEEPALIVE), two with the
 * kernel's default keepalive. Each is written to after an idle time: the plan's after 3F and again
 * after 3F plus a seeded random part of F, the defaults' after 2F and after a seeded random time in
 * F + 1 .. 3F. The outcomes the engine's survival promises: the plan's data answered, the defaults'
 * forgotten (no answer from a silent box, an RST from one that resets).
 */
async function conntrackScenario(
  l: Lab,
  out: EngineOutput,
  survival: EngineOutput['survival'],
  query: string,
  box: 'drop' | 'reset',
): Promise<void> {
  const F = CONNTRACK_F;
  await conntrackFirewall(l.topo, F, box);
  await applySysctl(l, snippet(out, 'sysctl'), [l.topo.client, l.topo.server]);
  await startEcho(l);
  // The kernel defaults on these sockets (FACTS.md section 1: 7200 s, 75 s, 9), whatever the namespace's sysctls now say.
  const defaults = l.file(
    'defaults.py',
    [
      'import socket',
      'def enable_keepalive(sock):',
      '    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)',
      '    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 7200)',
      '    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 75)',
      '    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 9)',
      '',
    ].join('\n'),
  );
  const [tuned, plainA, plainB] = await Promise.all([
    startClient(l, ['--plain-keepalive']),
    startClient(l, ['--snippet', defaults]),
    startClient(l, ['--snippet', defaults]),
  ]);

  type Outcome = 'answers' | 'no answer' | 'reset';
  /** Sends one ping: 'answers' when the echo comes back, 'reset' on an RST, 'no answer' when the kernel has to retransmit it. */
  const write = async (c: { proc: Proc; port: number }): Promise<Outcome> => {
    const count = (event: string) => c.proc.events.filter((e) => e.event === event).length;
    const before = count('data');
    const sentBefore = count('sent');
    c.proc.send('ping');
    await until(`${c.proc.name}: sent`, 5_000, () => (count('sent') > sentBefore ? true : undefined));
    const sent = c.proc.events.filter((e) => e.event === 'sent').at(-1)!;
    return until(`${c.proc.name}: the echo, an RST or a retransmission`, 10_000, (): Outcome | undefined => {
      if (count('data') > before) return 'answers';
      const error = c.proc.events.find((e) => e.event === 'error');
      if (error !== undefined) {
        if (error.errno !== 'ECONNRESET') throw new Error(`${c.proc.name}: ${String(error.errno)}`);
        return 'reset';
      }
      const copies = l.witness
        .sentBy('client')
        .filter((s) => s.t >= sent.t - 0.01 && s.len > 0 && s.src.endsWith(`:${c.port}`));
      return copies.length >= 2 ? 'no answer' : undefined;
    });
  };
  const idleFrom = (c: { port: number }) =>
    l.witness.lastDelivered('client', now(), { port: c.port, payloadOnly: true });
  const at = async (c: { proc: Proc; port: number }, idleS: number) => {
    // The sniffer reports a moment after the kernel: wait for it to have seen this connection's last data.
    const ends = (s: { src: string; dst: string }) => s.src.endsWith(`:${c.port}`) || s.dst.endsWith(`:${c.port}`);
    await l.witness.waitDelivered('client', 5_000, (s) => s.len > 0 && ends(s));
    await sleep(Math.max(0, (idleFrom(c) + idleS - now()) * 1000));
    return write(c);
  };

  const outlive = [3 * F, 3 * F + seededIn(`11d-plan-${box}`, 0, F)];
  const forgotten = [2 * F, seededIn(`11d-defaults-${box}`, F + 1, 3 * F)];
  const outcome = (ok: boolean | null): Outcome => (ok ? 'answers' : box === 'drop' ? 'no answer' : 'reset');
  const name = `11d conntrack F=${F} s (${box === 'drop' ? 'silent' : 'RST'})`;
  await allChecks([
    checkOutcome(
      {
        scenario: `${name}, kernel defaults, after 2F idle`,
        query,
        layer: 'survival.before',
        expected: outcome(survival.before.ok),
      },
      () => at(plainA, forgotten[0] ?? 0),
    ),
    checkOutcome(
      {
        scenario: `${name}, kernel defaults, random idle`,
        query,
        layer: 'survival.before',
        expected: outcome(survival.before.ok),
        note: `seed ${SEED}; written after ${(forgotten[1] ?? 0).toFixed(2)} s idle`,
      },
      () => at(plainB, forgotten[1] ?? 0),
    ),
    (async () => {
      await checkOutcome(
        {
          scenario: `${name}, the plan, after 3F idle`,
          query,
          layer: 'survival.after',
          expected: outcome(survival.after.ok),
        },
        () => at(tuned, outlive[0] ?? 0),
      );
      await checkOutcome(
        {
          scenario: `${name}, the plan, random idle`,
          query,
          layer: 'survival.after',
          expected: outcome(survival.after.ok),
          note: `seed ${SEED}; written again after ${(outlive[1] ?? 0).toFixed(2)} s idle`,
        },
        async () => {
          const observed = await at(tuned, outlive[1] ?? 0);
          const probes = l.witness
            .sentBy('client')
            .filter((s) => s.src.endsWith(`:${tuned.port}`) && s.len === 0 && s.flags === 'A').length;
          return { observed, note: `${probes} keepalive probes and ACKs crossed the box` };
        },
      );
    })(),
  ]);
}

describe('nginx, Elasticsearch pings and a conntrack box: the timeline against the lab', () => {
  const lab = useLab();

  it(
    '11a/11b/11e: nginx reuses a dead pooled upstream connection (with and without a goal); requests in flight when the path dies',
    { timeout: 200_000 },
    async () => {
      const upstream = `upstream=${ADDRESSES.server}:${UPSTREAM_PORT}`;
      const l = await lab();
      // The same scenario with a goal, where the planner lowers tcp_retries2, in a second topology at the same time.
      const l2 = await secondLab(l);
      await allChecks([
        nginxScenario(l, `target=nginx&idle=20&nginx_form=site&${upstream}`, '11a', true),
        nginxScenario(l2, `target=nginx&idle=20&goal=30&nginx_form=site&${upstream}`, '11e', false),
      ]);
    },
  );

  it(
    '11c: Elasticsearch transport pings (an emulation of TransportKeepAlive), at the worst and a random phase',
    { timeout: 120_000 },
    async () => {
      const query = 'target=elasticsearch&via=aws-alb:10&goal=30';
      const layer = 'elasticsearch-transport';
      const [out, l] = await Promise.all([engine(query), lab()]);
      const d = layerModel(query, layer);
      await sameAsCli(query, layer, d);
      const idle = phases(d, 'idle');
      const yml = snippet(out, 'elasticsearch-yml');
      const setting = (key: string): string => {
        const value = new RegExp(`^${key.replaceAll('.', '\\.')}: "?([^"\\n]+)"?$`, 'm').exec(yml)?.[1];
        if (value === undefined) throw new Error(`elasticsearch.yml sets no ${key}`);
        return value;
      };
      // transport.ping_schedule is a time value ("8s"); keep_* are integers of seconds (FACTS.md section 7).
      const ping = /^(\d+)s$/.exec(setting('transport.ping_schedule'))?.[1];
      if (ping === undefined)
        throw new Error(`transport.ping_schedule ${setting('transport.ping_schedule')} is not whole seconds`);
      const period = Number(ping);
      const keep = ['keep_idle', 'keep_interval', 'keep_count'].map((k) => setting(`network.tcp.${k}`));
      const sysctl = snippet(out, 'sysctl');
      const retries2 = (await engine(query)).values.retries2;
      expect(retries2, 'the goal makes the planner lower tcp_retries2 (the JSON values.retries2)').toBeTypeOf('number');
      expect(sysctl, 'the sysctl snippet sets that tcp_retries2').toMatch(
        new RegExp(`^net\\.ipv4\\.tcp_retries2 = ${retries2}$`, 'm'),
      );
      await applySysctl(l, sysctl, [l.topo.client, l.topo.server]);

      const peer = nsSpawn(l.topo.server, 'es-peer', [
        PYTHON,
        helper('proxy-es-transport.py'),
        'server',
        l.topo.serverAddr,
        String(ECHO_PORT),
      ]);
      await peer.waitEvent('ready', 5_000);
      const node = nsSpawn(l.topo.client, 'es-node', [
        PYTHON,
        helper('proxy-es-transport.py'),
        'client',
        l.topo.serverAddr,
        String(ECHO_PORT),
        '2',
        String(period),
        ...keep,
      ]);
      const connected = await node.waitEvent('connected', 5_000);
      const ports = (connected.ports as number[]).map(Number);

      // The first ping after the last segment received goes out at the second run after it (the first
      // run sees the channel accessed since the run before): a message from the peer at L, inside the
      // schedule's interval (t1 - p, t1), makes the first ping leave at t1 + p, offset t1 + p - L.
      const [lo, hi] = idle.range;
      const aims = [Math.min(idle.worst, hi - EDGE), seededIn('11c', lo + EDGE, hi - EDGE)];
      for (const port of ports) await peer.waitEvent('accepted', 5_000, (e) => e.port === port);
      // The schedule's runs: ping_schedule after it starts, then every ping_schedule. t1 is the first run
      // late enough that every message can still be sent before its interval opens.
      let t1 = connected.t + period;
      while (t1 + period - Math.max(...aims) < now() + 0.3) t1 += period;
      const messages = ports.map((port, i) => ({ port, at: t1 + period - (aims[i] ?? 0) })).sort((a, b) => a.at - b.at);
      for (const m of messages) {
        await sleep(Math.max(0, (m.at - now()) * 1000));
        peer.send(`message ${m.port}`);
      }
      for (const m of messages)
        await l.witness.waitDelivered(
          'client',
          5_000,
          (s) => s.len > 0 && s.dst.endsWith(`:${m.port}`) && s.t >= m.at - 0.05,
        );
      const tCut = await l.cutAfter(100);

      const checks = ports.map(async (port, i) => {
        const name = i === 0 ? 'worst phase' : 'random phase';
        const scenario = `11c Elasticsearch transport pings, ${name}`;
        const lastReceived = l.witness.lastDelivered('client', tCut, { port });
        const firstPing = await l.witness.waitSent(
          'client',
          (hi + 5) * 1000,
          (s) => s.t > tCut && s.len > 0 && s.src.endsWith(`:${port}`),
        );
        const offset = firstPing.t - lastReceived;
        let seconds = Number.NaN;
        await check(
          {
            scenario,
            query,
            layer: `${layer} idle`,
            computed: predicted(d, 'idle', offset),
            note: `seed ${SEED}; first ping at o = ${offset.toFixed(3)} s after the last segment received (aimed ${(aims[i] ?? 0).toFixed(3)}, the model's worst ${idle.worst} s)`,
          },
          async () => {
            const error = await node.waitEvent('error', (idle.worstCase + 30) * 1000, (e) => e.port === port);
            assertCutHeld(l, tCut);
            const sent = l.witness
              .sentBy('client')
              .filter((s) => s.t > tCut && s.len > 0 && s.src.endsWith(`:${port}`));
            seconds = error.t - lastReceived;
            const schedule = sent.map((s) => (s.t - firstPing.t).toFixed(2)).join(', ');
            return {
              seconds,
              note: `${String(error.errno)} ${(error.t - firstPing.t).toFixed(2)} s after the first ping; data segments (pings, retransmissions) at ${schedule} s after it`,
            };
          },
        );
        notAboveWorst(scenario, seconds, idle.worstCase);
        expect(Math.abs(offset - (aims[i] ?? 0)), `${scenario}: the first ping's phase against its aim`).toBeLessThan(
          PHASE_SLACK,
        );
        expect(
          node.events.find((e) => e.event === 'error' && e.port === port)?.errno,
          'the kernel aborted the connection',
        ).toBe('ETIMEDOUT');
      });
      await allChecks(checks);
    },
  );

  it(
    '11d: a conntrack box that forgets a flow after F s (silent, and one that resets): the plan for idle=F outlives it, the defaults do not',
    { timeout: 90_000 },
    async () => {
      const query = `idle=${CONNTRACK_F}`;
      const [out, l] = await Promise.all([engine(query), lab()]);
      // The engine's verdict, as the CLI's JSON prints it (the same function as in-process):
      // the defaults fail at the box `idle` of F s, for lack of packets; the plan survives.
      const { survival } = await engine(query);
      expect(survival).toEqual((toJson(run(query)) as { survival: unknown }).survival);
      expect(survival.before.ok).toBe(false);
      expect(survival.before.failing).toMatchObject({ box: 'idle', seconds: CONNTRACK_F, kind: 'packet' });
      expect(survival.after.ok).toBe(true);
      // The box that answers a forgotten flow with an RST, in a second topology at the same time.
      const l2 = await secondLab(l);
      await allChecks([
        conntrackScenario(l, out, survival, query, 'drop'),
        conntrackScenario(l2, out, survival, query, 'reset'),
      ]);
    },
  );
});
