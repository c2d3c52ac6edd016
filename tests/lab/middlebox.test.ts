/**
 * Scenario 9: the middlebox promise. The middlebox becomes a stateful firewall: it forwards only
 * flows its conntrack table knows (new ones only from the client side, and only with a SYN), and
 * forgets an idle established flow after F seconds (nf_conntrack_tcp_timeout_established, per
 * namespace). Silently: no RST. Two idle connections cross it:
 * - one with the OS defaults (no keepalive): after 2F its data must get no answer;
 * - one with the engine's planned values for `idle=F` (the sysctl snippet, applied in the client
 *   namespace, plus SO_KEEPALIVE): its probes refresh conntrack, so after 3F it still passes data.
 */
import { describe, expect, it } from 'vitest';
import { engine, snippet } from './harness/engine';
import { startClient, startEcho, useLab } from './harness/lab';
import { conntrackFirewall, nsExec } from './harness/netns';
import { sleep, type Proc } from './harness/proc';
import { checkOutcome } from './harness/results';

/** The smallest path timeout the CLI plans for: idle=1..3 are `infeasible` (T + I must stay below F - margin). */
const F = 4;

/** Sends one ping and reports whether the echo came back within `waitMs`. */
async function ping(proc: Proc, waitMs: number): Promise<'answers' | 'no answer'> {
  const before = proc.events.filter((e) => e.event === 'data').length;
  proc.send('ping');
  await sleep(waitMs);
  return proc.events.filter((e) => e.event === 'data').length > before ? 'answers' : 'no answer';
}

describe('keepalive through a conntrack firewall', () => {
  const lab = useLab();

  it(`9: idle=${F}: defaults die after 2F, the engine's values still pass data after 3F`, async () => {
    const query = `idle=${F}`;
    const [out, l] = await Promise.all([engine(query), lab()]);
    expect(out.infeasible ?? undefined, `the CLI plans for ${query}`).toBeUndefined();
    const sysctl = snippet(out, 'sysctl');
    const planned = [...sysctl.matchAll(/^net\.ipv4\.(tcp_keepalive_\w+) = (\d+)$/gm)]
      .map(([, k, v]) => `${k}=${v}`)
      .join(' ');

    await conntrackFirewall(l.topo, F);
    await nsExec(l.topo.client, ['sysctl', '-q', '-p', l.file('90-tcp-keepalive.conf', sysctl)]);
    await startEcho(l);
    const [plain, tuned] = await Promise.all([startClient(l, []), startClient(l, ['--plain-keepalive'])]);
    const idleFrom = Date.now();

    await sleep(2 * F * 1000 + 300 - (Date.now() - idleFrom));
    await checkOutcome(
      {
        scenario: `9 conntrack F=${F} s, OS defaults`,
        query,
        layer: 'path',
        expected: 'no answer',
        note: 'data sent after 2F idle',
      },
      () => ping(plain.proc, 2_000),
    );
    await sleep(3 * F * 1000 + 300 - (Date.now() - idleFrom));
    await checkOutcome(
      {
        scenario: `9 conntrack F=${F} s, engine values`,
        query,
        layer: 'path',
        expected: 'answers',
        note: `data sent after 3F idle; planned ${planned}`,
      },
      async () => {
        const answer = await ping(tuned.proc, 2_000);
        const probes = l.witness
          .sentBy('client')
          .filter((s) => s.src.endsWith(`:${tuned.port}`) && s.len === 0 && s.flags === 'A');
        return { observed: answer, note: `${probes.length} keepalive probes crossed the firewall` };
      },
    );
  });
});
