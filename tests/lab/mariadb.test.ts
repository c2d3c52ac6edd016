/**
 * Scenario 8: MariaDB with the emitted my.cnf ([mysqld] tcp_keepalive_*) drops a client that died
 * silently while its session was idle (FACTS.md section 5): the kernel gives up on MariaDB's
 * per-socket keepalive values (its RST) and the server's socket for that client leaves ESTABLISHED.
 */
import { describe, it } from 'vitest';
import { startMariadb } from './harness/daemons';
import { engine, snippet, worstCase } from './harness/engine';
import { keepaliveGaveUp, useLab } from './harness/lab';
import { nsSpawn } from './harness/netns';
import { check } from './harness/results';
import { SocketWatcher } from './harness/witness';

describe('MariaDB server keepalive', () => {
  const lab = useLab();

  it('8: mariadbd with the emitted tcp_keepalive_* drops the dead idle client', async () => {
    const query = 'target=mysql&keepalive=2:1:3';
    const [out, l] = await Promise.all([engine(query), lab()]);
    const db = await startMariadb(l, snippet(out, 'my-cnf'));
    const watcher = await SocketWatcher.start(l.topo.server, db.port);
    // An idle session: the client reads its next statement from stdin, which stays open.
    const client = nsSpawn(l.topo.client, 'mariadb', [
      'mariadb',
      '--no-defaults',
      '-h',
      l.topo.serverAddr,
      '-P',
      String(db.port),
      '-u',
      'root',
      '--batch',
      '--unbuffered',
    ]);
    client.send('select 42 as answer;');
    await client.waitStdout('42', 10_000);
    const conn = await watcher.waitPresent((c) => c.startsWith(`${l.topo.serverAddr}:${db.port}-`), 5_000);
    const clientPort = Number(conn.split(':').at(-1));
    await check(
      {
        scenario: '8 mariadbd drops idle client',
        query,
        layer: 'mysql-server',
        computed: worstCase(out, 'mysql-server'),
      },
      async () => {
        const tCut = await l.cutAfter(300);
        return keepaliveGaveUp(l, 'server', clientPort, tCut, 30_000, () => watcher.waitGone(conn, 5_000));
      },
    );
  });
});
