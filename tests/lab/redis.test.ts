/**
 * Redis (issue 13): the server's detection of a dead idle client, measured against the timeline.
 * Debian's redis-server runs in the server namespace with the emitted redis.conf (tcp-keepalive N) and the
 * sysctl snippet; a client in the client namespace runs one command through the middlebox and idles; the
 * middlebox cuts the path silently (nftables drop, no RST) right after the last segment, the worst phase.
 * Redis sets TCP_KEEPIDLE N, TCP_KEEPINTVL max(1, N / 3), TCP_KEEPCNT 3 on the client's socket
 * (anetKeepAlive, src/anet.c), so its kernel gives up (an RST) and redis-server frees the client; the time
 * is from the last segment the middlebox delivered to the server to the first CLIENT LIST without the client
 * (polled every 50 ms inside the server namespace), compared with the engine's redis-server layer, `idle`.
 */
import { describe, expect, it } from 'vitest';
import { engine, snippet, worstCase } from './harness/engine';
import { assertCutHeld, useLab } from './harness/lab';
import { nsSpawn } from './harness/netns';
import { ClientList, startRedisLab } from './harness/redis';
import { check } from './harness/results';
import { PYTHON, helper } from './harness/witness';
import { applySysctlSnippet } from './helpers/db-timeline';

describe('Redis server keepalive', () => {
  const lab = useLab();

  it('r1: redis-server with the emitted tcp-keepalive drops the dead idle client', async () => {
    // A path that forgets idle connections after 20 s, so the plan's N is small.
    const query = 'target=redis&idle=20';
    const [out, l] = await Promise.all([engine(query), lab()]);
    const n = out.values.redisKeepalive;
    expect(typeof n, 'the plan sets redisKeepalive').toBe('number');
    await applySysctlSnippet(l, [l.topo.client, l.topo.server], snippet(out, 'sysctl'));
    const db = await startRedisLab(l, snippet(out, 'redis-conf'));
    const clients = await ClientList.start(l, db.port);
    expect(await clients.keepalive(), 'CONFIG GET tcp-keepalive').toBe(String(n));
    const client = nsSpawn(l.topo.client, 'redis-client', [
      PYTHON,
      helper('redis/idle_client.py'),
      l.topo.serverAddr,
      String(db.port),
    ]);
    const connected = await client.waitEvent('connected', 10_000);
    const reply = await client.waitEvent('data', 10_000);
    expect(reply.reply).toBe('+OK');
    const clientPort = Number(connected.local);
    const addr = `${l.topo.clientAddr}:${clientPort}`;
    await clients.waitPresent(addr, 5_000);
    const computed = worstCase(out, 'redis-server');
    const idle = out.detection
      .find((d) => d.layer === 'redis-server')
      ?.after.situations.find((x) => x.situation === 'idle');
    expect(idle?.offset, "the timeline's worst phase: a cut right after the last segment").toBe(0);
    await check(
      {
        scenario: 'r1 redis-server drops a dead idle client',
        query,
        layer: 'redis-server',
        computed,
        note: `tcp-keepalive ${String(n)}`,
      },
      async () => {
        // The last segment (the client's ACK of +OK) has long arrived; the cut follows it.
        const tCut = await l.cutAfter(300);
        const limit = (computed + Math.max(1, 0.05 * computed) + 10) * 1000;
        const reset = await l.witness.waitReset('server', clientPort, tCut, limit);
        const gone = await clients.waitGone(addr, 5_000);
        assertCutHeld(l, tCut);
        const last = l.witness.lastDelivered('server', tCut, { port: clientPort });
        return {
          seconds: gone - last,
          note: `the server's RST ${(reset.t - last).toFixed(2)} s after the last segment; CLIENT LIST lost the client ${Math.round((gone - reset.t) * 1000)} ms later`,
        };
      },
    );
  });
});
