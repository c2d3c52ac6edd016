/**
 * Issue 12: connection pools through a box that forgets idle flows. The middlebox is a conntrack
 * firewall (netns.ts conntrackFirewall) that forgets an established flow after F seconds of quiet and
 * then drops its packets silently; behind it, PostgreSQL 15 (with TLS) and MariaDB 10.11 with their
 * own defaults (no server snippet: only the pools' settings are under test). Every pool runs at once,
 * each in its own process in the client's namespace (helpers/pools: pool.py, pool.mjs, go/,
 * HikariPool.java), one query at a time.
 * - p1, the library's defaults: a query, an idle gap longer than F, a query. The defaults table
 *   (harness/pools.ts LIBRARIES, after the pools contract) predicts each outcome:
 *   - the pool closed the idle connection before F (node-postgres, 10 s): a new one answers;
 *   - keepalive probes came before F (Go's dialer, 15 s, under lib/pq and go-sql-driver/mysql): the
 *     pooled connection answers;
 *   - otherwise the query goes to the forgotten flow and fails when the kernel gives up
 *     retransmitting. tcp_retries2 is 5 in the client's namespace so that this ends (about 14 s, not
 *     15 min); the time from the query's first segment to the application's error is compared with
 *     lib/detection.ts retransmissionAbort(5), the engine's figure for data in flight;
 *   - HikariCP tests an idle connection when it is borrowed: the figure is the pool's own timeouts
 *     (harness/pools.ts borrowCheckOutcome), from the query to the pool's error.
 * - p2, the plan as emitted for idle=F: the sysctl snippet in the client's namespace (PyMySQL, PgJDBC
 *   and Connector/J use the kernel's timers) and each pool snippet as emitted (dbhost= is the
 *   server's address, so nothing in the text is replaced; pgx's import is moved to v4, the one Debian
 *   packages); idle gaps above F and on both sides of poolLimit; every query must answer.
 * Go's database/sql and pgx v4 are built from Debian's packages, HikariCP 2.7.9 with PgJDBC and
 * MariaDB Connector/J runs from Debian's jars.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { retransmissionAbort } from '../../lib/detection';
import { engine, snippet, type EngineOutput } from './harness/engine';
import { useLab, type Lab } from './harness/lab';
import { ADDRESSES, conntrackFirewall, nsExec, setSysctls } from './harness/netns';
import {
  LIBRARIES,
  ask,
  borrowCheckOutcome,
  defaultsSurvive,
  keepaliveTime,
  startPool,
  startServers,
  type Answer,
  type PoolLibrary,
} from './harness/pools';
import { now, sleep, type Proc } from './harness/proc';
import { check, checkOutcome } from './harness/results';

/** The box's idle timeout: above node-postgres's 10 s default idle limit, short enough for a quick run. */
const F = 20;
/** The lab's bound on a hang (tcp_retries2, FACTS.md section 1): about 13.7 s of retransmissions. */
const RETRIES2 = 5;
/** How long past the kernel's abort a query may take before the run calls it a hang of its own. */
const QUERY_WAIT_MS = (retransmissionAbort(RETRIES2) + 30) * 1000;
/** An idle gap clearly above F (the box forgets at F; the pools' last packets follow their reply by milliseconds). */
const GAP_OVER_F = F + 5;

const queryFor = (libx: PoolLibrary) => `target=${libx.target}&idle=${F}&dbhost=${ADDRESSES.server}`;
const fmt = (s: number) => s.toFixed(2);
/** A driver's error on one line of the table (libpq's span several). */
const oneLine = (message: string) => message.replace(/\s+/g, ' ').slice(0, 120);

/** The figures table: library, defaults outcome and seconds, plan queries answered. */
const figures = new Map<string, { defaults?: string; seconds?: string; plan?: string }>();
const figure = (lib: string, cells: { defaults?: string; seconds?: string; plan?: string }) =>
  figures.set(lib, { ...figures.get(lib), ...cells });

afterAll(() => {
  const rows = LIBRARIES.map((l) => {
    const f = figures.get(l.lib) ?? {};
    return `| ${l.lib} | ${l.target} | ${f.defaults ?? '—'} | ${f.seconds ?? '—'} | ${f.plan ?? '—'} |`;
  });
  console.log(
    [
      `\n[lab] pools through a conntrack box that forgets idle flows after F = ${F} s (tcp_retries2 = ${RETRIES2} in the client's namespace)`,
      '| library | server | defaults: after an idle gap > F | defaults: seconds to the error | plan: queries answered |',
      '| --- | --- | --- | ---: | ---: |',
      ...rows,
    ].join('\n'),
  );
});

/** The path: the box, tcp_retries2 in the client's namespace, the two servers. */
async function path(l: Lab): Promise<void> {
  await conntrackFirewall(l.topo, F);
  await setSysctls(l.topo.client, { 'net.ipv4.tcp_retries2': RETRIES2 });
  await startServers(l);
}

/** Waits until `gapS` seconds have passed since `since` (the idle gap, the subject of the test). */
async function idle(since: number, gapS: number): Promise<void> {
  await sleep(Math.max(0, (since + gapS - now()) * 1000));
}

/** Runs every check, so that each library's row is recorded, then fails with the first failure. */
async function all(checks: readonly Promise<void>[]): Promise<void> {
  const settled = await Promise.allSettled(checks);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The last segment on `port` either way before `before`, as the box saw it (the flow's idle clock). */
function lastOnFlow(l: Lab, port: number, before: number): number | undefined {
  const onPort = (s: { src: string; dst: string }) => s.src.endsWith(`:${port}`) || s.dst.endsWith(`:${port}`);
  return [...l.witness.sentBy('client'), ...l.witness.sentBy('server')]
    .filter((s) => s.t < before && onPort(s))
    .map((s) => s.t)
    .sort((a, b) => a - b)
    .at(-1);
}

/** Pure ACKs the client sent on `ports` after 5 s or more of quiet on their flow: keepalive probes (T = 15 s here, I = 1 s). */
function idleProbes(l: Lab, ports: ReadonlySet<number>): number {
  let probes = 0;
  for (const port of ports) {
    const on = (s: { src: string; dst: string }) => s.src.endsWith(`:${port}`) || s.dst.endsWith(`:${port}`);
    const flow = [...l.witness.sentBy('client'), ...l.witness.sentBy('server')].filter(on).sort((a, b) => a.t - b.t);
    probes += flow.filter(
      (s, j) => j > 0 && s.src.endsWith(`:${port}`) && s.len === 0 && s.flags === 'A' && s.t - flow[j - 1]!.t >= 5,
    ).length;
  }
  return probes;
}

describe('connection pools through a box that forgets idle flows (issue 12)', () => {
  const lab = useLab();

  it(`p1: the libraries' defaults, a query after ${GAP_OVER_F} s idle (F = ${F} s)`, async () => {
    const l = await lab();
    await path(l);
    const kernelIdle = await keepaliveTime(l.topo.client);
    const pools = await Promise.all(LIBRARIES.map((libx) => startPool(l, libx)));
    const first = await Promise.all(pools.map((p) => ask(p, 30_000)));
    first.forEach((a, i) =>
      expect(a.event, `${LIBRARIES[i]!.lib}: the first query answers (${JSON.stringify(a)})`).toBe('reply'),
    );
    await idle(Math.max(...first.map((a) => a.t)), GAP_OVER_F);

    const computed = retransmissionAbort(RETRIES2);
    await all(
      LIBRARIES.map(async (libx, i) => {
        const proc = pools[i]!;
        const before = first[i]!;
        const scenario = `p1 ${libx.lib} defaults, a query after ${GAP_OVER_F} s idle, F=${F} s`;
        const query = queryFor(libx);
        const borrow = libx.defaultBorrowCheck;
        if (borrow !== undefined) {
          await borrowChecked(libx, borrow, proc, scenario, query);
          return;
        }
        const survives = defaultsSurvive(libx, F, kernelIdle);
        if (survives !== null) {
          await checkOutcome(
            {
              scenario,
              query,
              layer: 'pool',
              expected: 'answers',
              note: `survives by ${survives}; defaults: ${libx.source}`,
            },
            async () => {
              const a = await ask(proc, QUERY_WAIT_MS);
              figure(libx.lib, {
                defaults: a.event === 'reply' ? 'answers' : a.timedOut ? 'times out' : 'error',
                seconds: a.event === 'reply' ? '—' : fmt(a.t - a.asked),
              });
              if (a.event !== 'reply')
                return {
                  observed: a.timedOut ? 'times out' : 'error',
                  note: `after ${fmt(a.t - a.asked)} s: ${oneLine(a.message)}`,
                };
              return { observed: 'answers', note: survivedBy(l, libx, survives, before, a) };
            },
          );
          return;
        }
        await check(
          {
            scenario,
            query,
            layer: 'pool',
            computed,
            note: `computed: retransmissionAbort(${RETRIES2}) of lib/detection.ts (the query in flight on a forgotten flow); defaults: ${libx.source}`,
          },
          async () => {
            const a = await ask(proc, QUERY_WAIT_MS);
            if (a.event === 'reply') {
              figure(libx.lib, { defaults: 'answers' });
              throw new Error(
                `answered after the gap on port ${a.port}: the defaults table predicts a query on a forgotten flow`,
              );
            }
            return failure(l, libx, proc, a, before);
          },
        );
      }),
    );
  }, 240_000);

  it(`p2: the pool snippets as emitted for idle=${F}, idle gaps above F and around poolLimit`, async () => {
    const outs = new Map<string, EngineOutput>();
    for (const libx of LIBRARIES) outs.set(libx.target, await engine(queryFor(libx)));
    const values = [...outs.values()].map((o) => o.values);
    const keepalives = new Set(values.map((v) => JSON.stringify(v.keepalive)));
    // One client namespace serves both targets, so their kernel plans must agree.
    expect(keepalives.size, `one keepalive plan for both targets: ${[...keepalives].join(' vs ')}`).toBe(1);
    const limits = values.map((v) =>
      z
        .number()
        .positive()
        .parse(v.poolLimit, { error: () => `values.poolLimit: ${String(v.poolLimit)}` }),
    );
    expect(new Set(limits).size, 'one poolLimit for both targets').toBe(1);
    const poolLimit = limits[0]!;
    expect(poolLimit, 'the pools contract: every pool limit below the path').toBeLessThan(F);
    const gaps = [GAP_OVER_F, poolLimit - 2, poolLimit + 2];

    const l = await lab();
    await path(l);
    const sysctl = snippet(outs.get('postgres')!, 'sysctl');
    await nsExec(l.topo.client, ['sysctl', '-q', '-p', l.file('90-tcp-keepalive.conf', sysctl)]);
    // The snippet may raise tcp_retries2 for a goal; the lab keeps its bound on a hang.
    await setSysctls(l.topo.client, { 'net.ipv4.tcp_retries2': RETRIES2 });
    const texts = LIBRARIES.map((libx) => {
      const text = snippet(outs.get(libx.target)!, libx.snippetId);
      expect(text, `${libx.snippetId} (${libx.target}) names the server: dbhost=${ADDRESSES.server}`).toContain(
        ADDRESSES.server,
      );
      return text;
    });
    const pools = await Promise.all(LIBRARIES.map((libx, i) => startPool(l, libx, texts[i])));

    const answers: Answer[][] = LIBRARIES.map(() => []);
    const round = async () => {
      const got = await Promise.all(pools.map((p) => ask(p, QUERY_WAIT_MS)));
      got.forEach((a, i) => answers[i]!.push(a));
      return Math.max(...got.map((a) => a.t));
    };
    let last = await round();
    for (const gap of gaps) {
      await idle(last, gap);
      last = await round();
    }

    const total = gaps.length + 1;
    await all(
      LIBRARIES.map((libx, i) =>
        checkOutcome(
          {
            scenario: `p2 ${libx.lib} as emitted, gaps ${gaps.join(', ')} s, F=${F} s, poolLimit ${poolLimit} s`,
            query: queryFor(libx),
            layer: 'pool',
            expected: `${total}/${total} answered`,
          },
          async () => {
            const got = answers[i]!;
            const ok = got.filter((a) => a.event === 'reply').length;
            figure(libx.lib, { plan: `${ok}/${total}` });
            const ports = new Set(got.flatMap((a) => (a.port === null ? [] : [a.port])));
            const errors = got.flatMap((a, k) =>
              a.event === 'error' ? [`query ${k + 1}: ${oneLine(a.message)}`] : [],
            );
            const poolErrors = pools[i]!.events.filter((e) => e.event === 'pool-error').length;
            return {
              observed: `${ok}/${total} answered`,
              note: [
                ports.size > 0
                  ? `${ports.size} connection(s) used, ${idleProbes(l, ports)} keepalive probes on them crossed the box`
                  : "the client does not see its connections' ports (JDBC)",
                ...errors,
                ...(poolErrors ? [`${poolErrors} idle-connection errors`] : []),
              ].join('; '),
            };
          },
        ),
      ),
    );
  }, 300_000);
});

/**
 * HikariCP's defaults: the borrow tests each idle connection (all dead after the gap) for
 * validationTimeout, until connectionTimeout; measured from the query to the pool's answer or error.
 * The pool's own report of its settings must match the defaults table.
 */
async function borrowChecked(
  libx: PoolLibrary,
  borrow: NonNullable<PoolLibrary['defaultBorrowCheck']>,
  proc: Proc,
  scenario: string,
  query: string,
): Promise<void> {
  const ready = proc.events.find((e) => e.event === 'ready');
  const reported = {
    validationTimeout: Number(ready?.validationTimeout) / 1000,
    connectionTimeout: Number(ready?.connectionTimeout) / 1000,
    poolSize: Number(ready?.maximumPoolSize),
  };
  expect(reported, `${libx.lib}: the pool runs with the defaults table's values`).toEqual(borrow);
  const a = await ask(proc, QUERY_WAIT_MS + borrow.connectionTimeout * 1000);
  const dead = a.idleBefore ?? Number.NaN;
  const model = borrowCheckOutcome(borrow, dead);
  const observed = a.event === 'reply' ? 'answers' : 'gives up';
  const note = `computed: borrowCheckOutcome of harness/pools.ts, ${dead} idle connections the box forgot, ${model.outcome} after ${model.seconds} s; defaults: ${libx.source}`;
  figure(libx.lib, {
    defaults: observed === 'answers' ? 'answers late' : 'pool gives up',
    seconds: fmt(a.t - a.asked),
  });
  await check({ scenario, query, layer: 'pool', computed: model.seconds, note }, async () => {
    if (observed !== model.outcome)
      throw new Error(
        `${libx.lib}: ${observed} after ${fmt(a.t - a.asked)} s (${a.event === 'error' ? oneLine(a.message) : 'a reply'}), the model says ${model.outcome}`,
      );
    if (a.event === 'error')
      expect(a.message, `${libx.lib}: HikariCP's own timeout`).toContain('Connection is not available');
    return { seconds: a.t - a.asked, note: a.event === 'error' ? oneLine(a.message) : 'a reply on a new connection' };
  });
}

/**
 * How a surviving pool survived, checked on the wire: `the pool closes it`, the reply comes on a new
 * connection; `keepalive probes`, on the same connection, and probes crossed the box during the gap.
 */
function survivedBy(l: Lab, libx: PoolLibrary, how: string, before: Answer, a: Answer): string {
  const was = before.port;
  if (how === 'the pool closes it') {
    expect(a.port, `${libx.lib}: the reply after the gap comes on a new connection`).not.toBe(was);
    return `on a new connection (port ${String(was)} -> ${String(a.port)}): the pool closed the idle one`;
  }
  if (was === null || a.port !== was)
    throw new Error(`${libx.lib}: expected the reply on the pooled connection ${String(was)}, got ${String(a.port)}`);
  const probes = idleProbes(l, new Set([was]));
  expect(probes, `${libx.lib}: keepalive probes crossed the box during the gap`).toBeGreaterThan(0);
  return `on the pooled connection (port ${was}), ${probes} keepalive probe(s) crossed the box during the gap`;
}

/**
 * The failed query after the gap: seconds from its first segment (as the box received it) to the
 * application's error, which must be the kernel's ETIMEDOUT; the box must have delivered nothing of
 * it to the server, and the flow must have been quiet for longer than F before it.
 */
function failure(
  l: Lab,
  libx: PoolLibrary,
  proc: Proc,
  a: Answer & { event: 'error' },
  before: Answer,
): { seconds: number; note: string } {
  if (a.port === null) throw new Error(`${libx.lib}: failed before it had a connection: ${a.message}`);
  const port = a.port;
  const how = libx.socketError?.how;
  const seen =
    how === 'logged'
      ? proc.stderr.some((line) => line.includes('timed out'))
      : how === 'eof'
        ? a.message.includes('unexpected EOF')
        : a.timedOut;
  figure(libx.lib, { defaults: seen ? 'times out' : 'error', seconds: fmt(a.t - a.asked) });
  expect(
    seen,
    `${libx.lib}: the error is the kernel's ETIMEDOUT${libx.socketError ? ` (${libx.socketError.why})` : ''}: ${a.message} (stderr: ${proc.stderr.slice(-2).join(' | ')})`,
  ).toBe(true);
  const sent = l.witness
    .sentBy('client')
    .filter((s) => s.t >= a.asked - 0.01 && s.len > 0 && s.src.endsWith(`:${port}`));
  const firstSend = sent[0];
  if (firstSend === undefined) throw new Error(`${libx.lib}: no segment of the query reached the box`);
  // A connection from before the gap (psycopg_pool hands out its min_size 4 in turn, so not always the first one's).
  const lastBefore = lastOnFlow(l, port, firstSend.t);
  if (lastBefore === undefined || lastBefore > before.t + 1)
    throw new Error(`${libx.lib}: port ${port} is not a connection from before the gap`);
  const quiet = firstSend.t - lastBefore;
  expect(quiet, `${libx.lib}: the flow was quiet longer than F before the query`).toBeGreaterThan(F);
  const delivered = l.witness.delivered('server').filter((s) => s.t >= firstSend.t && s.src.endsWith(`:${port}`));
  expect(delivered.length, `${libx.lib}: the box forgot the flow and delivered none of the query`).toBe(0);
  const bursts = sent.filter((s, j) => j === 0 || s.t - sent[j - 1]!.t > 0.05).map((s) => fmt(s.t - firstSend.t));
  return {
    seconds: a.t - firstSend.t,
    note: `quiet ${fmt(quiet)} s on the wire; sent at +${bursts.join(', +')} s, none delivered; the pool's call returned ${fmt(a.t - a.asked)} s after the query: ${oneLine(a.message)}`,
  };
}
