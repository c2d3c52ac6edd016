/** pgbouncer: no config-test flag exists, so start it on a spare loopback port (FACTS.md section 4). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon } from './daemon';
import { asUser, exec } from './exec';
import { pgBin } from './postgres';
import { holdSession } from './session';
import { settledSockets, type TimerReading } from './ss';
import { sparePort } from './ports';
import { ownedDir, tempDir, writeFile } from './tmp';
import { waitFor } from './wait';

const USER = 'postgres';

/**
 * Completes the snippet into a runnable pgbouncer.ini. The wrapper's keys go into the snippet's
 * own (last) [pgbouncer] section: measured on 1.18, a second [pgbouncer] section resets the first.
 */
export function wrapIni(snippet: string, dir: string, port: number, backendPort: number): string {
  const wrapper = [
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    'unix_socket_dir =',
    'auth_type = trust',
    `auth_file = ${join(dir, 'users.txt')}`,
    'admin_users = postgres',
    `pidfile = ${join(dir, 'pgbouncer.pid')}`,
    `logfile = ${join(dir, 'pgbouncer.log')}`,
  ].join('\n');
  const databases = `[databases]\npostgres = host=127.0.0.1 port=${backendPort} dbname=postgres\n\n`;
  const lines = snippet.split('\n');
  const header = lines.findLastIndex((l) => l.trim() === '[pgbouncer]');
  if (header < 0) return `${databases}[pgbouncer]\n${wrapper}\n${snippet}\n`;
  return `${databases}${[...lines.slice(0, header + 1), wrapper, ...lines.slice(header + 1)].join('\n')}\n`;
}

export interface BouncerRun<T> {
  readonly ok: boolean;
  /** What `during` returned while pgbouncer was up. */
  readonly during: T | undefined;
  /** SHOW CONFIG key -> value from the admin console. */
  readonly config: ReadonlyMap<string, string>;
  readonly log: string;
}

/** Start pgbouncer with the wrapped snippet, read SHOW CONFIG over TCP, run `during`, stop it. */
export async function runPgbouncer<T>(
  snippet: string,
  backendPort: number,
  during?: (port: number) => Promise<T>,
): Promise<BouncerRun<T>> {
  const dir = ownedDir(join(tempDir('pgbouncer'), 'run'), USER, 0o755);
  const port = await sparePort();
  writeFile(join(dir, 'users.txt'), '"postgres" ""\n', USER, 0o600);
  const ini = writeFile(join(dir, 'pgbouncer.ini'), wrapIni(snippet, dir, port, backendPort), USER, 0o600);
  const [cmd, args] = asUser(USER, 'pgbouncer', [ini]);
  const d = startDaemon({ name: 'pgbouncer', cmd, args, pidFile: join(dir, 'pgbouncer.pid') });
  const show = (): Promise<{ code: number | null; stdout: string }> =>
    exec(
      'psql',
      [
        `host=127.0.0.1 port=${port} user=postgres dbname=pgbouncer connect_timeout=2`,
        '-AtF',
        '\t',
        '-c',
        'SHOW CONFIG',
      ],
      { timeoutMs: 10_000 },
    );
  let out = '';
  let result: T | undefined;
  try {
    await waitFor(
      'pgbouncer admin console',
      async () => {
        if (d.exited()) return true;
        const r = await show();
        out = r.code === 0 ? r.stdout : '';
        return r.code === 0;
      },
      20_000,
      100,
    );
    if (out !== '' && during) result = await during(port);
  } finally {
    await d.stop();
  }
  const config = new Map<string, string>();
  for (const line of out.split('\n')) {
    const [key, value] = line.split('\t');
    if (key && value !== undefined) config.set(key, value);
  }
  const logFile = join(dir, 'pgbouncer.log');
  const log = d.output() + (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  return { ok: out !== '', during: result, config, log };
}

export interface LegReadings {
  readonly code: number | null;
  readonly stderr: string;
  /** pgbouncer's accepted client socket and its socket to PostgreSQL. */
  readonly clientLeg: TimerReading | undefined;
  readonly serverLeg: TimerReading | undefined;
  readonly ageSec: number;
}

/** psql through pgbouncer to PostgreSQL, held idle while both of pgbouncer's sockets are read. */
export async function probeLegs(bouncerPort: number, pgPort: number): Promise<LegReadings> {
  const marker = 'ka-real-through-bouncer';
  const started = Date.now();
  let ageSec = 0;
  const mark = (): void => {
    ageSec = (Date.now() - started) / 1000 + 0.5;
  };
  const s = await holdSession(
    pgBin('psql'),
    ['-X', '-At', `host=127.0.0.1 port=${bouncerPort} user=postgres dbname=postgres connect_timeout=5`],
    `SELECT '${marker}';\n`,
    marker,
    async () => ({ front: await settledSockets(bouncerPort, mark), back: await settledSockets(pgPort, mark) }),
  );
  return {
    code: s.code,
    stderr: s.stderr,
    clientLeg: s.during?.front.find((r) => r.local.endsWith(`:${bouncerPort}`)),
    serverLeg: s.during?.back.find((r) => r.peer.endsWith(`:${pgPort}`)),
    ageSec,
  };
}
