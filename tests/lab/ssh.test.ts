/**
 * Scenarios 5 and 6: OpenSSH's own heartbeats against a real sshd (FACTS.md section 3).
 * 5: the client with the emitted ssh-config (ServerAlive*) exits after Interval * (CountMax + 1).
 * 6: sshd with the emitted drop-in (ClientAlive*) drops the session; 9.2p1 slips one interval per probe.
 *
 * Both programs keep time in whole seconds (monotime()), so where the last packet falls within a
 * second decides how close a run comes to the worst case. The ssh client's checks sit on second
 * boundaries and its steady-state heartbeat is the worst case by itself. sshd 9.2p1 compares
 * `now > last + interval` after a poll of exactly one interval, so a check goes off one interval
 * early when the wake-ups drift across a second boundary: the test makes the client's last packet
 * land 0.3 s into a second, a phase that gives the worst case.
 */
import { describe, expect, it } from 'vitest';
import { sshClientArgs, startSshd } from './harness/daemons';
import { engine, snippet, worstCase } from './harness/engine';
import { useLab } from './harness/lab';
import { nsSpawn } from './harness/netns';
import { now, sleep } from './harness/proc';
import { check } from './harness/results';
import { SocketWatcher } from './harness/witness';

const QUERY = 'target=ssh&alive=2:3&host=labhost';
/** A remote command that says when the session is up, then stays silent. */
const REMOTE = 'echo started; exec sleep 600';

/** Sleeps until CLOCK_MONOTONIC is `fraction` of the way into a second. */
async function untilFraction(fraction: number): Promise<void> {
  const t = now();
  await sleep(((((fraction - (t % 1)) % 1) + 1) % 1) * 1000);
}

describe('OpenSSH alive messages', () => {
  const lab = useLab();

  it('5: ssh with the emitted ServerAliveInterval/CountMax exits after I*(C+1)', async () => {
    const [out, l] = await Promise.all([engine(QUERY), lab()]);
    const sshd = await startSshd(l);
    const config = l.file('ssh_config', snippet(out, 'ssh-config'));
    const ssh = nsSpawn(l.topo.client, 'ssh', [
      'ssh',
      '-F',
      config,
      ...sshClientArgs(l, sshd),
      '-T',
      '-n',
      'labhost',
      REMOTE,
    ]);
    await ssh.waitStdout('started', 15_000);
    await l.witness.waitHeartbeat('client', now(), 10_000);
    await check(
      { scenario: '5 ssh ServerAlive', query: QUERY, layer: 'ssh-client', computed: worstCase(out, 'ssh-client') },
      async () => {
        const tCut = await l.cutAfter(300);
        const exit = await ssh.waitExit(60_000);
        expect(exit.code).toBe(255);
        expect(ssh.stderr.join('\n')).toContain('not responding');
        return exit.t - l.witness.lastDelivered('client', tCut, { port: sshd.port, payloadOnly: true });
      },
    );
  });

  it('6: sshd with the emitted ClientAliveInterval/CountMax drops the dead client', async () => {
    const [out, l] = await Promise.all([engine(QUERY), lab()]);
    const sshd = await startSshd(l, snippet(out, 'sshd-config'));
    const watcher = await SocketWatcher.start(l.topo.server, sshd.port);
    // The client has no heartbeat of its own (-F /dev/null): only sshd's ClientAlive can notice.
    // Its stdin stays open: one line typed into it is the client's last packet (the remote sleep ignores it).
    const ssh = nsSpawn(l.topo.client, 'ssh', [
      'ssh',
      '-F',
      '/dev/null',
      ...sshClientArgs(l, sshd),
      '-T',
      'labhost',
      REMOTE,
    ]);
    await ssh.waitStdout('started', 15_000);
    const conn = await watcher.waitPresent((c) => c.startsWith(`${l.topo.serverAddr}:${sshd.port}-`), 5_000);
    await l.witness.waitHeartbeat('server', now(), 10_000);
    await check(
      {
        scenario: '6 sshd ClientAlive (9.2p1)',
        query: QUERY,
        layer: 'ssh-server',
        computed: worstCase(out, 'ssh-server'),
      },
      async () => {
        await untilFraction(0.3);
        const typed = now();
        ssh.send('x');
        await l.witness.waitDelivered('server', 2_000, (s) => s.t > typed && s.len > 0);
        const tCut = await l.cutAfter(0);
        const gone = await watcher.waitGone(conn, 90_000);
        return gone - l.witness.lastDelivered('server', tCut, { port: sshd.port, payloadOnly: true });
      },
    );
  });
});
