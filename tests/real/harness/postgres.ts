/** PostgreSQL: `postgres -C` on a bare config dir, and a throwaway server on a spare loopback port. */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { join } from 'node:path';
import { startDaemon, stopAllDaemons, type Daemon } from './daemon';
import { asUser, exec, type ExecResult } from './exec';
import { sparePort } from './ports';
import { cleanupTempDirs, ownedDir, tempDir, writeFile } from './tmp';
import { waitFor } from './wait';

const PG_USER = 'postgres';

/** Debian keeps the server binaries out of PATH, under /usr/lib/postgresql/<major>/bin. */
export function pgBin(name: string): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((d) => /^\d+$/.test(d))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const major of majors) {
    const p = join(root, major, 'bin', name);
    if (existsSync(p)) return p;
  }
  throw new Error(`PostgreSQL binary ${name} not found under ${root}`);
}

export interface ConfigCheck {
  readonly ok: boolean;
  readonly values: ReadonlyMap<string, string>;
  readonly failure: ExecResult | undefined;
}

/** `postgres -D dir -C name` per name, dir holding only the snippet as postgresql.conf (FACTS.md section 4). */
export async function postgresC(confText: string, names: readonly string[]): Promise<ConfigCheck> {
  const dir = ownedDir(join(tempDir('pgconf'), 'data'), PG_USER);
  writeFile(join(dir, 'postgresql.conf'), confText, PG_USER, 0o600);
  writeFile(join(dir, 'postgresql.auto.conf'), '', PG_USER, 0o600);
  const values = new Map<string, string>();
  for (const name of names.length > 0 ? names : ['tcp_keepalives_idle']) {
    const [cmd, args] = asUser(PG_USER, pgBin('postgres'), ['-D', dir, '-C', name]);
    const r = await exec(cmd, args);
    if (r.code !== 0) return { ok: false, values, failure: r };
    values.set(name, r.stdout.trim());
  }
  return { ok: true, values, failure: undefined };
}

export interface PgServer {
  readonly port: number;
  readonly socketDir: string;
  /** (Re)start the server with `snippet` included at the end of its postgresql.conf. */
  start(snippet: string): Promise<{ ok: boolean; log: string }>;
  stop(): Promise<void>;
}

export async function initPostgres(): Promise<PgServer> {
  const base = tempDir('pg');
  const data = ownedDir(join(base, 'data'), PG_USER);
  const socketDir = ownedDir(join(base, 'sock'), PG_USER, 0o755);
  const snippetFile = join(base, 'keepalive.conf');
  const [cmd, args] = asUser(PG_USER, pgBin('initdb'), [
    '-D',
    data,
    '--auth=trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  const init = await exec(cmd, args, { timeoutMs: 60_000 });
  if (init.code !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  writeFile(join(data, 'postgresql.conf'), `include '${snippetFile}'\n`, PG_USER, 0o600);
  const port = await sparePort();
  let daemon: Daemon | undefined;
  const stop = async (): Promise<void> => {
    await daemon?.stop();
    daemon = undefined;
  };
  return {
    port,
    socketDir,
    stop,
    start: async (snippet) => {
      await stop();
      rmSync(join(data, 'postmaster.pid'), { force: true });
      writeFile(snippetFile, snippet);
      const [pcmd, pargs] = asUser(PG_USER, pgBin('postgres'), [
        '-D',
        data,
        '-p',
        String(port),
        '-k',
        socketDir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'shared_buffers=16MB',
        '-c',
        'fsync=off',
        '-c',
        'logging_collector=off',
      ]);
      const d = startDaemon({
        name: 'postgres',
        cmd: pcmd,
        args: pargs,
        pidFile: join(data, 'postmaster.pid'),
        stopSignal: 'SIGINT',
      });
      daemon = d;
      const ready = async (): Promise<boolean> => {
        if (d.exited()) return true;
        const r = await exec(pgBin('pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-t', '1']);
        return r.code === 0;
      };
      await waitFor('postgres to accept connections', ready, 30_000, 100);
      return { ok: !d.exited(), log: d.output() };
    },
  };
}

/** One bare PostgreSQL server for a test file; every daemon and temp dir is removed after the file. */
export function postgresForFile(): { readonly port: number } {
  let server: PgServer | undefined;
  beforeAll(async () => {
    server = await initPostgres();
    const s = await server.start('');
    if (!s.ok) throw new Error(`postgres did not start: ${s.log}`);
  });
  afterAll(async () => {
    await stopAllDaemons();
    cleanupTempDirs();
  });
  return {
    get port(): number {
      if (!server) throw new Error('the PostgreSQL server is not started');
      return server.port;
    },
  };
}
