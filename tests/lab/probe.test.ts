/**
 * Scenario 10: `keepalive-config probe` measures a path's idle timeout. The probe runs as the
 * command (`tsx lib/cli.ts probe ...`) in the client namespace, against
 * `keepalive-config echo` in the server namespace, through a box with a known idle timeout F in
 * the middlebox namespace:
 * - a conntrack firewall (nf_conntrack_tcp_timeout_established = F, per namespace) that silently
 *   drops packets of flows it forgot: F within one step, keepalive keeps the flow, expiry silent;
 * - the same firewall answering those packets with an RST: expiry reset;
 * - haproxy in TCP mode with `timeout client/server` F (payload-only: it terminates TCP, so the
 *   keepalive probes never reach its timer): keepalive does not keep the flow;
 * - no box, but a real sshd whose LoginGraceTime G closes unauthenticated connections: found in
 *   auto mode, and G reported as the server's own timeout, not as the path's.
 * Each run must announce its bounds (connections, run time) and keep them: the SYNs the path
 * witness saw, and the run's own clock.
 */
import { describe, expect, it } from 'vitest';
import { startSshd } from './harness/daemons';
import { REPO } from './harness/engine';
import { useLab, type Lab } from './harness/lab';
import { ADDRESSES, conntrackFirewall, nsExec, nsSpawn } from './harness/netns';
import { now, until, type Proc } from './harness/proc';
import { checkOutcome } from './harness/results';

const TSX = `${REPO}node_modules/.bin/tsx`;
/** The command as users run it: lib/cli.ts dispatches `probe` and `echo` to lib/probe/command.ts. */
const CLI = `${REPO}lib/cli.ts`;
const PORT = 7000;
/** The box's idle timeout (s), the probe's longest age and resolution: the brief's lab scale. */
const F = 4;
const ARGS = ['--max', '15', '--step', '1', '--reply-timeout', '2', '--format', 'json'];

interface ProbeJson {
  idleTimeoutSeconds: { low: number; high: number | null };
  keepaliveKeepsAlive: boolean | null;
  expiry: 'silent' | 'reset' | 'close' | null;
  query: string | null;
  mode: string | null;
  serverIdleTimeoutSeconds: number | null;
  connectionsOpened: number;
  elapsedSeconds: number;
}

async function startEchoServer(l: Lab): Promise<Proc> {
  const proc = nsSpawn(l.topo.server, 'echo', [TSX, CLI, 'echo', '--listen', `${ADDRESSES.server}:${PORT}`]);
  await proc.waitStderr('echo: listening on', 20_000);
  return proc;
}

/** haproxy in the middlebox: listens on its client-side address, forwards to the echo server. */
async function startHaproxy(l: Lab): Promise<Proc> {
  const config = l.file(
    'haproxy.cfg',
    [
      'global',
      '  maxconn 100',
      'defaults',
      '  mode tcp',
      '  timeout connect 5s',
      // haproxy configuration manual: timeout client/server, inactivity on each side (payload only).
      `  timeout client ${F}s`,
      `  timeout server ${F}s`,
      'frontend probe',
      `  bind ${ADDRESSES.middleboxClientSide}:${PORT}`,
      '  default_backend echo',
      'backend echo',
      `  server echo ${ADDRESSES.server}:${PORT}`,
      '',
    ].join('\n'),
  );
  const proc = nsSpawn(l.topo.middlebox, 'haproxy', ['haproxy', '-db', '-f', config]);
  await until(
    'haproxy to listen',
    10_000,
    async () => {
      if (proc.exit !== undefined) throw new Error(`haproxy exited: ${proc.tail()}`);
      const out = await nsExec(l.topo.middlebox, ['ss', '-Hltn', `sport = :${PORT}`]);
      return out.trim() === '' ? undefined : true;
    },
    100,
  );
  return proc;
}

interface Run {
  result: ProbeJson;
  announced: { connections: number; seconds: number };
  /** Distinct client ports that sent a SYN toward the far end (seen by the path witness). */
  syns: number;
  wallSeconds: number;
}

/** Runs the probe to its end (bounded by its own announcement plus start-up) and checks its bounds. */
async function probe(l: Lab, target: string, extra: readonly string[] = [], port = PORT): Promise<Run> {
  const started = now();
  const proc = nsSpawn(l.topo.client, 'probe', [TSX, CLI, 'probe', `${target}:${port}`, ...ARGS, ...extra]);
  const line = await proc.waitStderr('connections, done within', 20_000);
  const m = /at most (\d+) connections, done within .* \((\d+) s\)/.exec(line);
  if (!m) throw new Error(`no announcement in ${JSON.stringify(line)}`);
  const announced = { connections: Number(m[1]), seconds: Number(m[2]) };
  const exit = await proc.waitExit((announced.seconds + 10) * 1000);
  expect(exit.code, `probe exit code; ${proc.tail()}`).toBe(0);
  // Nothing but the result on stdout: it parses whole.
  const result = JSON.parse(proc.stdout.join('\n')) as ProbeJson;
  const ports = new Set(
    l.witness
      .sentBy('client')
      .filter((s) => s.flags === 'S' && s.dst === `${target}:${port}`)
      .map((s) => s.src),
  );
  const run = { result, announced, syns: ports.size, wallSeconds: exit.t - started };
  expect(run.syns, 'connections opened (SYNs on the path)').toBe(result.connectionsOpened);
  expect(run.syns).toBeLessThanOrEqual(announced.connections);
  expect(result.elapsedSeconds).toBeLessThanOrEqual(announced.seconds);
  console.log(
    `[lab] probe ${target}: ${JSON.stringify(result)}; announced ${JSON.stringify(announced)}; wall ${run.wallSeconds.toFixed(1)} s\n  ${proc.stderr.join('\n  ')}`,
  );
  return run;
}

const within = (r: ProbeJson): string => {
  const { low, high } = r.idleTimeoutSeconds;
  return high !== null && low <= F && F <= high && high - low <= 1
    ? 'F inside [low, high], 1 s wide'
    : `[${low}, ${high}]`;
};

describe('probe: a path idle timeout measured through real boxes', () => {
  const lab = useLab();

  it(`10a: conntrack F=${F} s, silent drop: F within one step, keepalive keeps the flow, expiry silent`, async () => {
    const l = await lab();
    await conntrackFirewall(l.topo, F, 'drop');
    await startEchoServer(l);
    const run = await probe(l, ADDRESSES.server);
    const scenario = `10a probe: conntrack F=${F} s, silent`;
    const note = `bounds [${run.result.idleTimeoutSeconds.low}, ${run.result.idleTimeoutSeconds.high}], query ${run.result.query}, ${run.syns}/${run.announced.connections} connections, ${run.result.elapsedSeconds} s of at most ${run.announced.seconds} s`;
    await checkOutcome(
      {
        scenario: `${scenario}: bounds`,
        query: ARGS.join(' '),
        layer: 'path',
        expected: 'F inside [low, high], 1 s wide',
        note,
      },
      async () => within(run.result),
    );
    await checkOutcome(
      { scenario: `${scenario}: keepalive`, query: ARGS.join(' '), layer: 'path', expected: 'true' },
      async () => String(run.result.keepaliveKeepsAlive),
    );
    await checkOutcome(
      { scenario: `${scenario}: expiry`, query: ARGS.join(' '), layer: 'path', expected: 'silent' },
      async () => String(run.result.expiry),
    );
  });

  it(`10b: the same firewall sends an RST for packets of forgotten flows: expiry reset`, async () => {
    const l = await lab();
    await conntrackFirewall(l.topo, F, 'reset');
    await startEchoServer(l);
    const run = await probe(l, ADDRESSES.server, ['--mode', 'echo']);
    const scenario = `10b probe: conntrack F=${F} s, RST`;
    const note = `bounds [${run.result.idleTimeoutSeconds.low}, ${run.result.idleTimeoutSeconds.high}], ${run.result.elapsedSeconds} s`;
    await checkOutcome(
      { scenario: `${scenario}: expiry`, query: ARGS.join(' '), layer: 'path', expected: 'reset', note },
      async () => String(run.result.expiry),
    );
    await checkOutcome(
      {
        scenario: `${scenario}: bounds`,
        query: ARGS.join(' '),
        layer: 'path',
        expected: 'F inside [low, high], 1 s wide',
      },
      async () => within(run.result),
    );
  });

  it(`10c: haproxy (payload-only) with timeout ${F} s: keepalive does not keep the flow`, async () => {
    const l = await lab();
    await startEchoServer(l);
    await startHaproxy(l);
    const run = await probe(l, ADDRESSES.middleboxClientSide, ['--mode', 'echo']);
    const scenario = `10c probe: haproxy timeout ${F} s`;
    const note = `bounds [${run.result.idleTimeoutSeconds.low}, ${run.result.idleTimeoutSeconds.high}], expiry ${run.result.expiry}, query ${run.result.query}`;
    await checkOutcome(
      { scenario: `${scenario}: keepalive`, query: ARGS.join(' '), layer: 'path', expected: 'false', note },
      async () => String(run.result.keepaliveKeepsAlive),
    );
    await checkOutcome(
      {
        scenario: `${scenario}: bounds`,
        query: ARGS.join(' '),
        layer: 'path',
        expected: 'F inside [low, high], 1 s wide',
      },
      async () => within(run.result),
    );
  });

  it("10d: no box, sshd with LoginGraceTime 6: the server's own timeout, not the path's", async () => {
    const G = 6;
    const l = await lab();
    const sshd = await startSshd(l, `LoginGraceTime ${G}`);
    const run = await probe(l, ADDRESSES.server, [], sshd.port);
    const r = run.result;
    const scenario = `10d probe: sshd LoginGraceTime ${G} s, no box`;
    const note = `mode ${r.mode}, server closed after ${r.serverIdleTimeoutSeconds} s, bounds [${r.idleTimeoutSeconds.low}, ${r.idleTimeoutSeconds.high}]`;
    const close = r.serverIdleTimeoutSeconds;
    await checkOutcome(
      { scenario: `${scenario}: far end`, query: ARGS.join(' '), layer: 'ssh-server', expected: 'ssh', note },
      async () => String(r.mode),
    );
    await checkOutcome(
      {
        scenario: `${scenario}: server timeout`,
        query: ARGS.join(' '),
        layer: 'ssh-server',
        expected: `about ${G} s, path high null`,
      },
      async () =>
        close !== null && Math.abs(close - G) <= 1 && r.idleTimeoutSeconds.high === null
          ? `about ${G} s, path high null`
          : `${close} s, path high ${r.idleTimeoutSeconds.high}`,
    );
  });
});
