/**
 * The timeline (lib/timeline, issue #11) against PostgreSQL 15 and MariaDB 10.11, with the plan as
 * emitted: the sysctl snippet in the client's and the server's namespace, postgresql.conf, the libpq
 * connection string, my.cnf. Each cut scenario runs twice on one path and one cut, on two connections:
 * at the model's worst phase and at a seeded random phase inside the model's range (the seed is
 * printed and in every row's note; KALAB_SEED=N repeats it). Times are seconds after the last segment
 * the detecting side received (the path witness), on CLOCK_MONOTONIC.
 * - db1: a backend whose output is written w s after the last segment, tcp_user_timeout set (15);
 * - db2: the same without U (postgres=11: no tcp_user_timeout line), tcp_retries2 from the goal;
 * - db3: a live psql that stops reading a COPY: U ends the backend about U after the window closed;
 * - db4: a MariaDB thread in a row-lock wait whose statement ends at L (session A commits at L).
 */
import { describe, expect, it } from 'vitest';
import { pausedReaderCut } from '../../lib/timeline';
import { startMariadb, startPostgres } from './harness/daemons';
import { engine, snippet } from './harness/engine';
import { assertCutHeld, useLab, type Lab } from './harness/lab';
import { ADDRESSES, nsExec, nsSpawn } from './harness/netns';
import { now, until, waitPidGone, type Proc } from './harness/proc';
import { check, tolerance } from './harness/results';
import { labSeed, seededRandom } from './harness/seed';
import { PYTHON, SocketWatcher, helper } from './harness/witness';
import {
  SqlLines,
  aimRandom,
  aimWorst,
  applySysctlSnippet,
  phased,
  type Aim,
  type Phased,
} from './helpers/db-timeline';

/** The conninfo inside the libpq snippet's `psql "..."` line. */
function conninfo(libpq: string): string {
  const found = /^psql "([^"]+)"$/m.exec(libpq)?.[1];
  if (found === undefined) throw new Error(`no psql "conninfo" line in the libpq snippet:\n${libpq}`);
  return found;
}

/** Each scenario has its own stream of random phases, so running one alone (-t) draws the same ones. */
function randomFor(scenario: number): () => number {
  return seededRandom((labSeed() + scenario * 0x9e3779b9) >>> 0);
}

const fmt = (t: number) => t.toFixed(3);

/** The row's note: the phase run, what it means, the seed. */
function phaseNote(p: Phased, aim: Aim): string {
  return `offset ${fmt(aim.offset)} s (${aim.why}; ${p.offsetMeans}); model worst ${p.worstCase} s at ${p.worstOffset} s; seed ${labSeed()}`;
}

/**
 * check(), and then the bound: no measured figure may exceed the model's worst case for the
 * situation by more than the tolerance.
 */
async function checkPhase(
  row: { scenario: string; query: string; layer: string },
  p: Phased,
  aim: Aim,
  measure: () => Promise<{ seconds: number; note: string }>,
) {
  let measured = Number.NaN;
  await check({ ...row, computed: aim.computed, note: phaseNote(p, aim) }, async () => {
    const m = await measure();
    measured = m.seconds;
    return m;
  });
  expect(measured, `${row.scenario}: above the model's worst case ${p.worstCase} s`).toBeLessThanOrEqual(
    p.worstCase + tolerance(p.worstCase),
  );
}

interface PgSession {
  readonly proc: Proc;
  readonly pid: number;
  readonly port: number;
  readonly userTimeout: string;
}

/** psql with the emitted conninfo, reading statements from stdin: its backend's pid, port and U. */
async function psqlSession(l: Lab, dsn: string, name: string): Promise<PgSession> {
  const proc = nsSpawn(l.topo.client, name, ['psql', '-X', '-At', '-F', ' ', '-U', 'postgres', dsn]);
  proc.send("select 'session', pg_backend_pid(), inet_client_port(), current_setting('tcp_user_timeout');");
  const line = await proc.waitStdout('session ', 10_000);
  const [, pid, port, userTimeout] = line.trim().split(' ');
  return { proc, pid: Number(pid), port: Number(port), userTimeout: userTimeout ?? '?' };
}

/** PostgreSQL with the emitted postgresql.conf, the sysctl snippet in both namespaces, database app. */
async function postgresAsEmitted(l: Lab, query: string): Promise<{ dsn: string; admin: string[] }> {
  const out = await engine(query);
  await applySysctlSnippet(l, [l.topo.client, l.topo.server], snippet(out, 'sysctl'));
  const pg = await startPostgres(l, snippet(out, 'postgresql-conf'));
  const admin = ['psql', '-X', '-q', '-At', '-h', pg.socketDir, '-U', 'postgres', '-d', 'postgres'];
  await nsExec(l.topo.server, [...admin, '-c', 'create database app']);
  return { dsn: conninfo(snippet(out, 'libpq')), admin };
}

/**
 * db1 and db2: two psql sessions send `select pg_sleep(w), repeat('x', 100000)` at once, one w at
 * the worst phase and one at the random phase; the path is cut as soon as both queries reached the
 * server, so the query is the last segment each backend received and its result is written w s
 * after it. Measured: from that segment to the backend's exit.
 */
async function backendWritesAfterCut(
  l: Lab,
  scenario: string,
  query: string,
  k: number,
  expectUserTimeout: boolean,
): Promise<void> {
  const out = await engine(query);
  const p = await phased(query, 'postgres-server', 'writing-result');
  const aims = [aimWorst(p), aimRandom(p, randomFor(k))];
  const { dsn } = await postgresAsEmitted(l, query);
  const sessions = await Promise.all(aims.map((_, i) => psqlSession(l, dsn, `psql-${i}`)));
  for (const s of sessions) {
    // current_setting prints tcp_user_timeout in its unit, ms (measured: 6000); 0 when the snippet omits it.
    if (expectUserTimeout)
      expect(s.userTimeout, 'the backend runs with the emitted tcp_user_timeout').toBe(
        String(out.values.userTimeoutMs),
      );
    else expect(s.userTimeout, 'the postgres=11 snippet sets no tcp_user_timeout').toBe('0');
  }

  const tSend = now();
  sessions.forEach((s, i) => s.proc.send(`select pg_sleep(${aims[i]!.offset}), repeat('x', 100000);`));
  const arrived = await Promise.all(
    sessions.map((s) =>
      l.witness.waitDelivered('server', 5_000, (seg) => seg.t > tSend && seg.len > 0 && seg.src.endsWith(`:${s.port}`)),
    ),
  );
  const tCut = await l.cutAfter(0);
  const bases = sessions.map((s, i) => {
    const base = l.witness.lastDelivered('server', tCut, { port: s.port });
    // Nothing reached the backend between its query and the cut (no ACK, no keepalive answer).
    expect(base, `${s.proc.name}: the query is the last segment its backend received`).toBe(arrived[i]!.t);
    return base;
  });

  await Promise.all(
    sessions.map((s, i) =>
      checkPhase(
        { scenario: `${scenario} (${i === 0 ? 'worst' : 'random'} phase)`, query, layer: 'postgres-server' },
        p,
        aims[i]!,
        async () => {
          const base = bases[i]!;
          const gone = await waitPidGone(s.pid, (aims[i]!.computed + 20) * 1000);
          assertCutHeld(l, tCut);
          const write = l.witness
            .sentBy('server')
            .find((seg) => seg.t > tCut && seg.len > 0 && seg.dst.endsWith(`:${s.port}`));
          if (write === undefined)
            throw new Error(`backend ${s.pid} wrote nothing after the cut: the phase missed its window`);
          // Retransmissions: the first segment of each burst, seconds after the result first left.
          const again = l.witness
            .sentBy('server')
            .filter((seg) => seg.t > write.t + 0.05 && seg.len > 0 && seg.dst.endsWith(`:${s.port}`));
          const bursts = again
            .filter((seg, j) => j === 0 || seg.t - again[j - 1]!.t > 0.05)
            .map((seg) => (seg.t - write.t).toFixed(2));
          return {
            seconds: gone - base,
            note: `cut ${fmt(tCut - base)} s after the query; the result left at ${fmt(write.t - base)} s, retransmitted at +${bursts.join(', +')} s, the backend gone ${fmt(gone - write.t)} s after the result left; U on the backend: ${s.userTimeout}`,
          };
        },
      ),
    ),
  );
}

describe('the timeline against PostgreSQL and MariaDB (issue #11)', () => {
  const lab = useLab();

  it('db1: a PostgreSQL 15 backend writes its result after the cut, tcp_user_timeout emitted', async () => {
    // A 4 s path and a 20 s goal: the planner picks keepalive 1/1/5 and U = 6000 ms (no tcp_retries2: U decides).
    const query = `target=postgres&idle=4&goal=20&dbhost=${ADDRESSES.server}`;
    const [out, l] = await Promise.all([engine(query), lab()]);
    if (!out.values.userTimeoutMs) throw new Error(`${query} plans no tcp_user_timeout`);
    await backendWritesAfterCut(l, 'db1 backend writes after the cut, U', query, 1, true);
  });

  it('db2: the same without U (postgres=11), the goal sets tcp_retries2', async () => {
    // postgres=11: the snippet has no tcp_user_timeout (12+) and no client_connection_check_interval (14+);
    // the PostgreSQL 15 server accepts that file. The goal needs tcp_retries2, which the sysctl snippet sets.
    const query = `target=postgres&postgres=11&idle=4&goal=20&dbhost=${ADDRESSES.server}`;
    const [out, l] = await Promise.all([engine(query), lab()]);
    if (out.values.retries2 === undefined)
      throw new Error(`${query} sets no tcp_retries2: the run would take R(15), about 15 min`);
    expect(snippet(out, 'postgresql-conf')).not.toMatch(/tcp_user_timeout|client_connection_check_interval/);
    expect(snippet(out, 'sysctl')).toMatch(new RegExp(`^net\\.ipv4\\.tcp_retries2 = ${out.values.retries2}$`, 'm'));
    await backendWritesAfterCut(
      l,
      `db2 backend writes after the cut, tcp_retries2=${out.values.retries2}`,
      query,
      2,
      false,
    );
  });

  it('db3: a live psql stops reading a COPY; the backend with U is disconnected about U after the window closed', async () => {
    const query = `target=postgres&idle=4&goal=20&dbhost=${ADDRESSES.server}`;
    const [out, l] = await Promise.all([engine(query), lab()]);
    const computed = pausedReaderCut(out.values.userTimeoutMs);
    if (computed === null) throw new Error(`${query} plans no tcp_user_timeout: a paused reader is never cut`);
    const { dsn, admin } = await postgresAsEmitted(l, query);
    const zero = nsSpawn(l.topo.middlebox, 'zero-window', [
      PYTHON,
      helper('db-window.py'),
      l.topo.towardServer,
      '5432',
    ]);
    await zero.waitEvent('ready', 5_000);
    // 200 MB of COPY rows: far more than the pipe, psql's buffer and both socket buffers hold.
    const copy = "copy (select repeat('x', 1000) from generate_series(1, 200000)) to stdout";
    const reader = nsSpawn(l.topo.client, 'stalled-psql', [
      PYTHON,
      helper('db-stall.py'),
      '60',
      '--',
      'psql',
      '-X',
      '-q',
      '-U',
      'postgres',
      dsn,
      '-c',
      copy,
    ]);
    await reader.waitEvent('reading', 15_000);
    const backend = await until(
      'the COPY backend in pg_stat_activity',
      10_000,
      async () => {
        const row = (
          await nsExec(l.topo.server, [
            ...admin,
            '-F',
            ' ',
            '-c',
            "select pid, client_port from pg_stat_activity where datname = 'app' and query like 'copy%'",
          ])
        ).trim();
        const [pid, port] = row.split(' ').map(Number);
        return pid && port ? { pid, port } : undefined;
      },
      100,
    );

    await check(
      {
        scenario: 'db3 live psql stops reading, U',
        query,
        layer: 'postgres-server',
        computed,
        note: 'computed: pausedReaderCut(U) of lib/timeline; no free phase; no cut: the path stays up',
      },
      async () => {
        const closed = await zero.waitEvent(
          'zero-window',
          20_000,
          (e) => typeof e.src === 'string' && e.src.endsWith(`:${backend.port}`),
        );
        const gone = await waitPidGone(backend.pid, (computed + 20) * 1000);
        // The reader goes on: it reads what its buffers hold, and its window update meets a socket the server has dropped.
        reader.send('resume');
        const exit = await reader.waitEvent('exit', 30_000);
        expect(exit.code, `psql must fail once the backend is gone: ${JSON.stringify(exit.stderr)}`).not.toBe(0);
        expect(l.witness.deliveredAfter(closed.t).length, 'the path stayed up').toBeGreaterThan(0);
        return {
          seconds: gone - closed.t,
          note: `measured from the first zero window the client advertised to the backend's exit; psql then exited ${String(exit.code)}: ${JSON.stringify(exit.stderr).slice(0, 160)}`,
        };
      },
    );
  });

  it('db4: a MariaDB thread in a row-lock wait, its client dead; the statement ends at L', async () => {
    // A 4 s path and a 57 s goal: keepalive 1/1/5 (K = 6 s) and tcp_retries2 = 7, the statement bound
    // being innodb_lock_wait_timeout's 50 s default (lib/targets/mysql.ts LOCK_WAIT_TIMEOUT).
    const query = `target=mysql&idle=4&goal=57&dbhost=${ADDRESSES.server}`;
    const [out, l] = await Promise.all([engine(query), lab()]);
    if (out.values.retries2 === undefined) throw new Error(`${query} sets no tcp_retries2`);
    const p = await phased(query, 'mysql-server', 'waiting-for-reply');
    const aims = [aimWorst(p), aimRandom(p, randomFor(4))];
    await applySysctlSnippet(l, [l.topo.client, l.topo.server], snippet(out, 'sysctl'));
    const cnf = snippet(out, 'my-cnf');
    const db = await startMariadb(l, cnf);
    const watcher = await SocketWatcher.start(l.topo.server, db.port);
    const clientCnf = l.file('client.cnf', cnf); // the same file on the client host: its [mysql] group
    const server = (name: string) =>
      nsSpawn(l.topo.server, name, [
        'mariadb',
        '--no-defaults',
        '-h',
        l.topo.serverAddr,
        '-P',
        String(db.port),
        '-u',
        'root',
        '--batch',
        '--skip-column-names',
        '--unbuffered',
      ]);
    const admin = new SqlLines(server('mariadb-admin'));
    await admin.ask(`'setup', (select count(*) from information_schema.processlist)`);
    const adminProc = server('mariadb-setup');
    adminProc.send(
      'create database app; create table app.t (id int primary key, v int) engine=InnoDB; insert into app.t values (1, 0), (2, 0);',
    );
    adminProc.send("select 'created';");
    await adminProc.waitStdout('created', 10_000);

    // Session A (one per run, on the server host) holds row i; the dead client's session B waits on it.
    const holders = await Promise.all(
      aims.map(async (_, i) => {
        const a = server(`holder-${i}`);
        a.send(`begin; select concat('locked ', v) from app.t where id = ${i + 1} for update;`);
        await a.waitStdout('locked', 10_000);
        return a;
      }),
    );
    // One waiter at a time, so the new connection in the client's namespace is this session's
    // (with skip-grant-tables the processlist leaves its host:port empty).
    const clientPorts = async () =>
      (await nsExec(l.topo.client, ['ss', '-Htn', 'state', 'established', 'dst', `${l.topo.serverAddr}:${db.port}`]))
        .split('\n')
        .map((row) => Number(/:(\d+)\s/.exec(row)?.[1]))
        .filter((port) => port > 0);
    const waiters: { proc: Proc; id: number; port: number }[] = [];
    for (const i of aims.keys()) {
      const known = new Set(await clientPorts());
      const b = nsSpawn(l.topo.client, `waiter-${i}`, [
        'mariadb',
        `--defaults-file=${clientCnf}`,
        '-h',
        l.topo.serverAddr,
        '-P',
        String(db.port),
        '-u',
        'root',
        '--batch',
        '--skip-column-names',
        '--unbuffered',
      ]);
      b.send("select concat('session ', connection_id());");
      const id = Number((await b.waitStdout('session ', 10_000)).trim().split(' ')[1]);
      const fresh = (await clientPorts()).filter((port) => !known.has(port));
      if (fresh.length !== 1 || fresh[0] === undefined)
        throw new Error(`expected one new connection for ${b.name}, found ${fresh.join(', ') || 'none'}`);
      waiters.push({ proc: b, id, port: fresh[0] });
    }
    expect(await admin.ask('@@global.innodb_lock_wait_timeout')).toBe('50');

    const tSend = now();
    waiters.forEach((b, i) => b.proc.send(`update app.t set v = v + 1 where id = ${i + 1};`));
    const arrived = await Promise.all(
      waiters.map((b) =>
        l.witness.waitDelivered(
          'server',
          5_000,
          (seg) => seg.t > tSend && seg.len > 0 && seg.src.endsWith(`:${b.port}`),
        ),
      ),
    );
    const tCut = await l.cutAfter(0);
    const bases = waiters.map((b, i) => {
      const base = l.witness.lastDelivered('server', tCut, { port: b.port });
      expect(base, `${b.proc.name}: the UPDATE is the last segment its thread received`).toBe(arrived[i]!.t);
      return base;
    });
    await admin.waitFor(
      "(select count(*) from information_schema.innodb_trx where trx_state = 'LOCK WAIT')",
      '2',
      5_000,
    );
    // Session A commits at base + L: the statement ends then and the thread writes its OK packet.
    const commits = aims.map(
      (aim, i) =>
        new Promise<number>((resolve) => {
          setTimeout(
            () => {
              holders[i]!.send('commit;');
              resolve(now());
            },
            Math.max(0, (bases[i]! + aim.offset - now()) * 1000),
          );
        }),
    );

    await Promise.all(
      waiters.map((b, i) =>
        checkPhase(
          {
            scenario: `db4 MariaDB thread in a row-lock wait, tcp_retries2=${out.values.retries2} (${i === 0 ? 'worst' : 'random'} phase)`,
            query,
            layer: 'mysql-server',
          },
          p,
          aims[i]!,
          async () => {
            const base = bases[i]!;
            const committed = await commits[i]!;
            const gone = await admin.waitFor(
              `(select count(*) from information_schema.processlist where id = ${b.id})`,
              '0',
              (aims[i]!.computed + 20) * 1000,
            );
            assertCutHeld(l, tCut);
            const sent = l.witness.sentBy('server').filter((seg) => seg.t > tCut && seg.dst.endsWith(`:${b.port}`));
            const write = sent.find((seg) => seg.len > 0);
            const reset = sent.find((seg) => seg.flags.includes('R'));
            const again = write ? sent.filter((seg) => seg.len > 0 && seg.t > write.t + 0.05) : [];
            const closed = await watcher.waitGone(
              `${l.topo.serverAddr}:${db.port}-${l.topo.clientAddr}:${b.port}`,
              5_000,
            );
            const kernel = [
              write
                ? `its result left at ${fmt(write.t - base)} s, retransmitted at +${again.map((seg) => (seg.t - write.t).toFixed(2)).join(', +')} s`
                : 'no result left',
              reset ? `the kernel's RST at ${fmt(reset.t - base)} s` : 'no RST',
              `the socket left ESTABLISHED at ${fmt(closed - base)} s`,
            ].join(', ');
            return {
              seconds: gone - base,
              note: `A committed at ${fmt(committed - base)} s; ${kernel}; measured to the thread leaving the processlist`,
            };
          },
        ),
      ),
    );
  }, 150_000);
});
