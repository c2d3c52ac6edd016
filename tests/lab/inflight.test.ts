/**
 * Scenario 4: data in flight. Keepalive never probes while data is unacknowledged; the
 * retransmission timer decides (FACTS.md section 1). Measured from the first transmission of the
 * data (seen arriving at the middlebox) to ETIMEDOUT.
 */
import { describe, expect, it } from 'vitest';
import { engine, snippet } from './harness/engine';
import { assertCutHeld, startClient, startEcho, useLab, type Lab } from './harness/lab';
import { setSysctls } from './harness/netns';
import type { Proc } from './harness/proc';
import { check, type Measurement } from './harness/results';

/** FACTS.md section 1: model(N) = (2^(N+1) - 1) * 0.2 s for N <= 9 (tcp_model_timeout, TCP_RTO_MIN 200 ms). */
function retries2Model(n: number): number {
  if (n > 9) throw new Error('the lab keeps tcp_retries2 <= 9');
  return (2 ** (n + 1) - 1) * 0.2;
}

/**
 * FACTS.md's "first retransmit": 200 ms after the send on a low-RTT path (TCP_RTO_MIN). On Linux
 * that first one is a tail-loss probe; the first RTO retransmission follows at about 0.4 s.
 */
const FIRST_RETRANSMIT = 0.2;

/**
 * Cuts the path, makes the client write, and returns seconds from the data's first transmission
 * to ETIMEDOUT, with the retransmission times the middlebox saw.
 */
async function writeIntoTheCut(
  l: Lab,
  { proc, port }: { proc: Proc; port: number },
  timeoutMs: number,
): Promise<Measurement> {
  const tCut = await l.cutAfter(300);
  proc.send('send');
  const first = await l.witness.waitSent('client', 5_000, (s) => s.t > tCut && s.len > 0 && s.src.endsWith(`:${port}`));
  const error = await proc.waitEvent('error', timeoutMs);
  expect(error.errno).toBe('ETIMEDOUT');
  assertCutHeld(l, tCut);
  const retransmits = l.witness
    .sentBy('client')
    .filter((s) => s.t > first.t && s.len > 0 && s.src.endsWith(`:${port}`))
    .map((s) => (s.t - first.t).toFixed(2));
  return { seconds: error.t - first.t, note: `retransmissions at ${retransmits.join(', ')} s` };
}

describe('data in flight after a silent cut', () => {
  const lab = useLab();

  it('4a: tcp_retries2=4, no keepalive: the FACTS.md model', async () => {
    const retries2 = 4;
    const l = await lab();
    await setSysctls(l.topo.client, { 'net.ipv4.tcp_retries2': retries2 });
    await startEcho(l);
    const client = await startClient(l, []);
    const computed = retries2Model(retries2);
    await check(
      {
        scenario: `4a data in flight, tcp_retries2=${retries2}`,
        query: `sysctl net.ipv4.tcp_retries2=${retries2}`,
        layer: 'linux (retransmission)',
        computed,
        note: 'computed from the FACTS.md section 1 model, not the engine',
      },
      () => writeIntoTheCut(l, client, 60_000),
    );
  });

  it('4b: TCP_USER_TIMEOUT from the code-python snippet: about first retransmit + U', async () => {
    const query = 'keepalive=1:3:9&user_timeout=5000';
    const [out, l] = await Promise.all([engine(query), lab()]);
    await startEcho(l);
    const client = await startClient(l, ['--snippet', l.file('keepalive.py', snippet(out, 'code-python'))]);
    const userTimeout = client.proc.events.find((e) => e.event === 'connected')?.user_timeout_ms;
    if (typeof userTimeout !== 'number' || userTimeout <= 0)
      throw new Error('the code-python snippet did not set TCP_USER_TIMEOUT');
    await check(
      {
        scenario: '4b data in flight, TCP_USER_TIMEOUT',
        query,
        layer: 'linux (retransmission)',
        computed: FIRST_RETRANSMIT + userTimeout / 1000,
        note: 'computed from the FACTS.md section 1 rule (first retransmit + U)',
      },
      () => writeIntoTheCut(l, client, 30_000),
    );
  });
});
