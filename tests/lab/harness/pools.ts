/**
 * Connection pools through a box that forgets idle flows (issue 12): the libraries, their defaults
 * (what the "before" side of the pool snippets assumes), the database servers, and one pool client per
 * library in the client's namespace (helpers/pools/pool.py, pool.mjs), asked one query at a time.
 */
import { symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { startMariadb, startPostgres } from './daemons';
import { REPO } from './engine';
import type { Lab } from './lab';
import { nsExec, nsSpawn } from './netns';
import { now, until, type HelperEvent, type Proc } from './proc';
import { PYTHON, helper } from './witness';

export type PoolTarget = 'postgres' | 'mysql';

export interface PoolLibrary {
  /** The helper's name for the pool, and the table's. */
  readonly lib: string;
  /** The engine's snippet id (lib/targets, the pools contract). */
  readonly snippetId: string;
  readonly target: PoolTarget;
  readonly runtime: 'python' | 'node';
  /** With the library's defaults: after how many idle seconds the pool itself closes a connection (null: never). */
  readonly defaultIdleLimit: number | null;
  /** With the library's defaults: whether its sockets have SO_KEEPALIVE on, with the namespace's kernel timers. */
  readonly defaultKeepalive: boolean;
  /** Where those two defaults come from. */
  readonly source: string;
}

/** The pools the lab runs (Go and HikariCP are not run here: see the test's header). */
export const LIBRARIES: readonly PoolLibrary[] = [
  {
    lib: 'node-postgres',
    snippetId: 'node-postgres',
    target: 'postgres',
    runtime: 'node',
    defaultIdleLimit: 10,
    defaultKeepalive: false,
    source: 'pg-pool 3.14 index.js: idleTimeoutMillis 10000 for clients above min 0; pg 8 lib/connection.js: setKeepAlive only when keepAlive is true',
  },
  {
    lib: 'mysql2-pool',
    snippetId: 'mysql2-pool',
    target: 'mysql',
    runtime: 'node',
    defaultIdleLimit: null,
    defaultKeepalive: true,
    source: 'mysql2 3.24 lib/pool_config.js: maxIdle = connectionLimit, and lib/base/pool.js starts the idle reaper only when maxIdle < connectionLimit; lib/connection_config.js enableKeepAlive true with keepAliveInitialDelay unset: the OS timers (FACTS.md section 2)',
  },
  {
    lib: 'sqlalchemy-postgres',
    snippetId: 'sqlalchemy',
    target: 'postgres',
    runtime: 'python',
    defaultIdleLimit: null,
    defaultKeepalive: true,
    source: 'SQLAlchemy 1.4 sqlalchemy/pool/base.py: recycle -1, pre_ping False; libpq keepalives defaults to 1 with the OS timers (FACTS.md section 4)',
  },
  {
    lib: 'sqlalchemy-mysql',
    snippetId: 'sqlalchemy',
    target: 'mysql',
    runtime: 'python',
    defaultIdleLimit: null,
    defaultKeepalive: true,
    source: 'SQLAlchemy 1.4 sqlalchemy/pool/base.py: recycle -1, pre_ping False; PyMySQL 1.0 pymysql/connections.py sets SO_KEEPALIVE with the OS timers (FACTS.md section 5)',
  },
  {
    lib: 'psycopg-pool',
    snippetId: 'psycopg-pool',
    target: 'postgres',
    runtime: 'python',
    defaultIdleLimit: null,
    defaultKeepalive: true,
    source: 'psycopg_pool 3.1 psycopg_pool/base.py: min_size 4, max_idle 600 s only above min_size, max_lifetime 3600 s checked when a connection is returned, no check on checkout; libpq keepalives 1 with the OS timers (FACTS.md section 4)',
  },
];

/** The kernel's idle time before the first keepalive probe, in a namespace (FACTS.md section 1: 7200 by default). */
export async function keepaliveTime(ns: string): Promise<number> {
  return Number((await nsExec(ns, ['sysctl', '-n', 'net.ipv4.tcp_keepalive_time'])).trim());
}

/**
 * What the defaults table predicts after an idle gap of `gap` seconds through a box that forgets a
 * flow after `forget` seconds: the pool closed the connection first (a new one answers), or a
 * keepalive probe refreshed the box, or the query goes to a flow the box forgot.
 */
export function defaultsSurvive(libx: PoolLibrary, forget: number, kernelIdle: number): boolean {
  const poolCloses = libx.defaultIdleLimit !== null && libx.defaultIdleLimit < forget;
  const probes = libx.defaultKeepalive && kernelIdle < forget;
  return poolCloses || probes;
}

/** PostgreSQL and MariaDB with their own defaults (no server snippet: only the pool's settings are under test), database app. */
export async function startServers(lab: Lab): Promise<void> {
  await Promise.all([
    (async () => {
      const pg = await startPostgres(lab, '');
      await nsExec(lab.topo.server, ['psql', '-X', '-q', '-h', pg.socketDir, '-U', 'postgres', '-d', 'postgres', '-c', 'create database app']);
    })(),
    (async () => {
      const db = await startMariadb(lab, '');
      await nsExec(lab.topo.server, ['mariadb', '--no-defaults', '-h', lab.topo.serverAddr, '-P', String(db.port), '-u', 'root', '-e', 'create database app']);
    })(),
  ]);
}

/**
 * A pool client in the client's namespace. `snippet`: the engine's snippet text as emitted, written
 * to a file the helper loads (Python: exec; Node: import, so it sits beside a node_modules link to
 * the repository's, where `pg` and `mysql2` resolve). Without it the helper builds the library's
 * defaults. PGUSER names PostgreSQL's role: the snippets, like most applications, leave the user
 * to the environment.
 */
export async function startPool(lab: Lab, libx: PoolLibrary, snippet?: string): Promise<Proc> {
  const env = ['env', 'PGUSER=postgres'];
  let argv: string[];
  if (libx.runtime === 'python') {
    const file = snippet === undefined ? [] : ['--snippet', lab.file(`${libx.lib}.py`, snippet)];
    argv = [...env, PYTHON, helper('pools/pool.py'), libx.lib, lab.topo.serverAddr, ...file];
  } else {
    const file = snippet === undefined ? [] : [lab.file(`${libx.lib}.mjs`, snippet)];
    if (snippet !== undefined) linkNodeModules(lab);
    argv = [...env, process.execPath, helper('pools/pool.mjs'), libx.lib, lab.topo.serverAddr, ...file];
  }
  const proc = nsSpawn(lab.topo.client, libx.lib, argv);
  await proc.waitEvent('ready', 20_000);
  return proc;
}

const linked = new WeakSet<Lab>();
function linkNodeModules(lab: Lab): void {
  if (linked.has(lab)) return;
  const link = join(lab.tmp, 'node_modules');
  symlinkSync(join(REPO, 'node_modules'), link, 'dir');
  linked.add(lab);
  lab.onCleanup(() => unlinkSync(link)); // before the temp dir is removed, so nothing follows the link
}

const Reply = z.object({ event: z.literal('reply'), t: z.number(), port: z.number() });
const Failure = z.object({ event: z.literal('error'), t: z.number(), port: z.number().nullable(), timedOut: z.boolean(), message: z.string() });
export type Answer = { readonly asked: number } & (z.infer<typeof Reply> | z.infer<typeof Failure>);

/**
 * Sends one "query" and waits, up to `timeoutMs`, for its reply or its error. `asked` is the helper's
 * own time for the query (before the checkout), on CLOCK_MONOTONIC like every lab time.
 */
export async function ask(proc: Proc, timeoutMs: number): Promise<Answer> {
  const sent = now();
  const seen = proc.events.length;
  proc.send('query');
  const after = (e: HelperEvent) => proc.events.indexOf(e) >= seen && e.t >= sent;
  const asked = await proc.waitEvent('query', 10_000, after);
  const end = await until(`${proc.name}: the query's reply or error (output: ${proc.tail()})`, timeoutMs, () => {
    if (proc.exit !== undefined) throw new Error(`${proc.name} exited (${proc.exit.code ?? proc.exit.signal}): ${proc.tail()}`);
    return proc.events.find((e) => after(e) && e.t >= asked.t && (e.event === 'reply' || e.event === 'error'));
  }, 50);
  return { asked: asked.t, ...(end.event === 'reply' ? Reply.parse(end) : Failure.parse(end)) };
}
