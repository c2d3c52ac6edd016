/**
 * Scenario 7: PostgreSQL with the emitted postgresql.conf lines, and psql with the emitted libpq
 * connection string (FACTS.md section 4). Two sessions share one silent cut:
 * - "busy": psql waits on `select pg_sleep(600)`; libpq's keepalive must fail psql (layer libpq),
 *   and its backend, stuck in the query, exits at the next client_connection_check_interval tick;
 * - "idle": a session waiting for its next command; its backend exits as soon as the kernel gives up
 *   (layer postgres-server).
 */
import { describe, expect, it } from 'vitest';
import { startPostgres } from './harness/daemons';
import { engine, snippet, worstCase } from './harness/engine';
import { keepaliveGaveUp, useLab } from './harness/lab';
import { ADDRESSES, nsExec, nsSpawn } from './harness/netns';
import { until, waitPidGone } from './harness/proc';
import { check } from './harness/results';

/** The conninfo inside the libpq snippet's `psql "..."` line. */
function conninfo(libpq: string): string {
  const found = /^psql "([^"]+)"$/m.exec(libpq)?.[1];
  if (found === undefined) throw new Error(`no psql "conninfo" line in the libpq snippet:\n${libpq}`);
  return found;
}

/** client_connection_check_interval (ms) from the postgresql.conf snippet; 0 when absent. */
function checkIntervalMs(conf: string): number {
  return Number(/^client_connection_check_interval = (\d+)$/m.exec(conf)?.[1] ?? 0);
}

describe('PostgreSQL and libpq keepalive', () => {
  const lab = useLab();

  it('7: server tcp_keepalives_* and libpq keepalives_* against a dead peer', async () => {
    const query = `target=postgres&keepalive=2:1:3&dbhost=${ADDRESSES.server}`;
    const [out, l] = await Promise.all([engine(query), lab()]);
    const conf = snippet(out, 'postgresql-conf');
    const pg = await startPostgres(l, conf);
    const admin = ['psql', '-X', '-q', '-At', '-h', pg.socketDir, '-U', 'postgres'];
    await nsExec(l.topo.server, [...admin, '-d', 'postgres', '-c', 'create database app']);
    const dsn = conninfo(snippet(out, 'libpq'));

    const idle = nsSpawn(l.topo.client, 'psql-idle', ['psql', '-X', '-U', 'postgres', dsn]);
    idle.send('select 1;');
    await idle.waitStdout('(1 row)', 10_000);
    const busy = nsSpawn(l.topo.client, 'psql-busy', [
      'psql',
      '-X',
      '-U',
      'postgres',
      dsn,
      '-c',
      'select pg_sleep(600)',
    ]);

    const sessions = `select pid, client_port, state from pg_stat_activity where backend_type = 'client backend' and datname = 'app'`;
    const backends = await until(
      'both sessions in pg_stat_activity',
      10_000,
      async () => {
        const rows = (await nsExec(l.topo.server, [...admin, '-d', 'postgres', '-F', ' ', '-c', sessions]))
          .trim()
          .split('\n');
        const parsed = rows
          .map((r) => r.split(' '))
          .map(([pid, port, state]) => ({ pid: Number(pid), clientPort: Number(port), state }));
        const active = parsed.find((b) => b.state === 'active');
        const waiting = parsed.find((b) => b.state === 'idle');
        return active && waiting ? { busy: active, idle: waiting } : undefined;
      },
      200,
    );

    const checkInterval = checkIntervalMs(conf) / 1000;
    const tCut = await l.cutAfter(300);
    await Promise.all([
      check({ scenario: '7 psql in pg_sleep (libpq)', query, layer: 'libpq', computed: worstCase(out, 'libpq') }, () =>
        keepaliveGaveUp(l, 'client', backends.busy.clientPort, tCut, 30_000, async () => {
          const exit = await busy.waitExit(5_000);
          expect(exit.code).not.toBe(0);
          expect(busy.stderr.join('\n')).toContain('Connection timed out');
          return exit.t;
        }),
      ),
      check(
        {
          scenario: '7 idle backend exits',
          query,
          layer: 'postgres-server',
          computed: worstCase(out, 'postgres-server'),
        },
        () =>
          keepaliveGaveUp(l, 'server', backends.idle.clientPort, tCut, 30_000, () =>
            waitPidGone(backends.idle.pid, 5_000),
          ),
      ),
      check(
        {
          scenario: '7 backend in pg_sleep exits',
          query,
          layer: 'postgres-server',
          computed: worstCase(out, 'postgres-server', 'waiting-for-reply'),
          note: `the engine's postgres-server figure for a backend busy in a query: the kernel's reset, then the next client_connection_check_interval tick (${checkInterval} s) at worst (FACTS.md sections 4 and 10)`,
        },
        async () =>
          (await waitPidGone(backends.busy.pid, 30_000)) -
          l.witness.lastDelivered('server', tCut, { port: backends.busy.clientPort }),
      ),
    ]);
  });
});
