/**
 * Scenario 2: the per-socket snippets run for real. code-python's enable_keepalive(sock) and
 * code-node's enableKeepalive(socket) each keep one idle connection; one silent cut; each must give
 * up when the snippet's header says (Node: libuv fixes KEEPINTVL=1 and KEEPCNT=10, FACTS.md
 * section 2). The CLI's detection list has no per-socket layer, so the header is the engine's figure.
 */
import { describe, expect, it } from 'vitest';
import { engine, snippet, worstCase } from './harness/engine';
import { ECHO_PORT, clientGaveUp, exchange, startClient, startEcho, useLab } from './harness/lab';
import { nsSpawn } from './harness/netns';
import { check } from './harness/results';
import { helper } from './harness/witness';

describe('per-socket keepalive snippets', () => {
  const lab = useLab();

  it('2: code-python enable_keepalive and code-node enableKeepalive', async () => {
    const query = 'keepalive=2:1:3';
    const [out, l] = await Promise.all([engine(query), lab()]);
    await startEcho(l);
    const python = await startClient(l, ['--snippet', l.file('keepalive.py', snippet(out, 'code-python'))]);
    const node = nsSpawn(l.topo.client, 'node-client', [
      process.execPath,
      helper('node_client.mjs'),
      l.topo.serverAddr,
      String(ECHO_PORT),
      l.file('keepalive.mjs', snippet(out, 'code-node')),
    ]);
    const nodePort = await exchange(node);
    expect(python.proc.events.find((e) => e.event === 'connected')).toMatchObject({
      keepalive: 1,
      idle: 2,
      interval: 1,
      count: 3,
    });

    const tCut = await l.cutAfter(300);
    await Promise.all([
      check({ scenario: '2 code-python', query, layer: 'code-python', computed: worstCase(out, 'code-python') }, () =>
        clientGaveUp(l, python.proc, python.port, tCut, 30_000),
      ),
      check({ scenario: '2 code-node', query, layer: 'code-node', computed: worstCase(out, 'code-node') }, () =>
        clientGaveUp(l, node, nodePort, tCut, 40_000),
      ),
    ]);
  });
});
