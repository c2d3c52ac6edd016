/**
 * Scenarios 1 and 3: the kernel's idle keepalive, from the sysctl snippet and with
 * TCP_USER_TIMEOUT, on a connection whose path is cut silently (FACTS.md section 1).
 */
import { describe, expect, it } from 'vitest';
import { engine, snippet, worstCase } from './harness/engine';
import { clientGaveUp, startClient, startEcho, useLab } from './harness/lab';
import { nsExec } from './harness/netns';
import { check } from './harness/results';

describe('kernel keepalive on an idle connection', () => {
  const lab = useLab();

  it('1: the sysctl snippet, plain SO_KEEPALIVE socket: T + P*I', async () => {
    const query = 'keepalive=2:1:3';
    const [out, l] = await Promise.all([engine(query), lab()]);
    // sysctl -p in the client namespace: the keepalive sysctls are per namespace (FACTS.md section 1).
    await nsExec(l.topo.client, ['sysctl', '-q', '-p', l.file('90-tcp-keepalive.conf', snippet(out, 'sysctl'))]);
    await startEcho(l);
    const { proc, port } = await startClient(l, ['--plain-keepalive']);
    await check(
      { scenario: '1 sysctl + SO_KEEPALIVE', query, layer: 'linux', computed: worstCase(out, 'linux') },
      async () => {
        const tCut = await l.cutAfter(300);
        return clientGaveUp(l, proc, port, tCut, 30_000);
      },
    );
  });

  it('3: TCP_USER_TIMEOUT with keepalive: T + I*max(1, ceil((U-T)/I))', async () => {
    const query = 'keepalive=1:3:9&user_timeout=5000';
    const [out, l] = await Promise.all([engine(query), lab()]);
    await startEcho(l);
    const { proc, port } = await startClient(l, ['--snippet', l.file('keepalive.py', snippet(out, 'code-python'))]);
    const opts = proc.events.find((e) => e.event === 'connected');
    expect(opts?.user_timeout_ms, 'the code-python snippet sets TCP_USER_TIMEOUT').toBe(5000);
    // detection.linux is the sysctl layer, which cannot carry U; the code-python header states the socket's figure.
    await check(
      {
        scenario: '3 TCP_USER_TIMEOUT + keepalive',
        query,
        layer: 'code-python',
        computed: worstCase(out, 'code-python'),
      },
      async () => {
        const tCut = await l.cutAfter(300);
        return clientGaveUp(l, proc, port, tCut, 30_000);
      },
    );
  });
});
