/** MariaDB: option-file checks with the real programs, and a throwaway server (FACTS.md section 5). */
import { join } from 'node:path';
import { startDaemon, type Daemon } from './daemon';
import { exec, type ExecResult } from './exec';
import { sparePort } from './ports';
import { ownedDir, tempDir, writeFile } from './tmp';
import { waitFor } from './wait';
import { existsSync, readFileSync } from 'node:fs';
import { holdSession } from './session';
import { settledSockets, type TimerReading } from './ss';

export interface OptionDump {
  /** Exit 0 and nothing on stderr (an unknown option prints "unknown variable" even with --help). */
  readonly ok: boolean;
  /** Dashed variable name -> value "after reading options". */
  readonly values: ReadonlyMap<string, string>;
  readonly result: ExecResult;
}

/** The table `--help --verbose` prints after "Variables (--variable-name=value)". */
export function parseVariables(stdout: string): Map<string, string> {
  const values = new Map<string, string>();
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Variables (--variable-name=value)'));
  if (start < 0) return values;
  for (const line of lines.slice(start + 3)) {
    if (line.trim() === '') break;
    const m = /^(\S+)\s+(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) values.set(m[1], m[2].trim());
  }
  return values;
}

export function cnfFile(text: string): string {
  return writeFile(join(tempDir('mycnf'), 'my.cnf'), text);
}

async function dump(cmd: string, args: readonly string[]): Promise<OptionDump> {
  const result = await exec(cmd, args);
  // The only stderr line allowed is about this machine's file limit, not about the option file.
  const complaints = result.stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !/\[Warning\] Could not increase number of max_open_files/.test(l));
  return { ok: result.code === 0 && complaints.length === 0, values: parseVariables(result.stdout), result };
}

/** mariadbd reads [mysqld]/[mariadb]/[server]/[client-server]: exit 7 on an unknown variable. */
export function mariadbdHelp(file: string): Promise<OptionDump> {
  return dump('mariadbd', [`--defaults-file=${file}`, '--help', '--verbose']);
}

/** The command-line client's view of the file ([client], [mysql], [mariadb-client], ...). */
export function mariadbClientHelp(file: string): Promise<OptionDump> {
  return dump('mariadb', [`--defaults-file=${file}`, '--help']);
}

export function mariadbPrintDefaults(file: string): Promise<OptionDump> {
  return dump('mariadb', [`--defaults-file=${file}`, '--print-defaults']);
}

export function mariadbDumpHelp(file: string): Promise<OptionDump> {
  return dump('mariadb-dump', [`--defaults-file=${file}`, '--help']);
}

export interface MariaServer {
  readonly port: number;
  /** (Re)start with `file` as --defaults-file; loopback, own socket and pid file. */
  start(file: string): Promise<{ ok: boolean; log: string }>;
  /** Run SQL over TCP as root, optionally with a client defaults file. */
  sql(statement: string, file?: string): Promise<ExecResult>;
  /** mariadb-dump over TCP with a client defaults file. */
  dump(file: string): Promise<ExecResult>;
  /** The command-line client (with `file`) held idle while the server's socket is read. */
  probe(
    file: string,
  ): Promise<{ code: number | null; stderr: string; server: TimerReading | undefined; ageSec: number }>;
  stop(): Promise<void>;
}

export async function initMariadb(): Promise<MariaServer> {
  const base = tempDir('maria');
  const data = ownedDir(join(base, 'data'), 'mysql');
  const run = ownedDir(join(base, 'run'), 'mysql', 0o755);
  const install = await exec(
    'mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${data}`,
      '--user=mysql',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ],
    { timeoutMs: 90_000 },
  );
  if (install.code !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr}`);
  const port = await sparePort();
  const socket = join(run, 'mariadb.sock');
  const pidFile = join(run, 'mariadb.pid');
  const net = ['-h', '127.0.0.1', '-P', String(port), '--protocol=tcp', '-u', 'root'];
  const defaults = (file: string | undefined): string[] => (file ? [`--defaults-file=${file}`] : ['--no-defaults']);
  let daemon: Daemon | undefined;
  const stop = async (): Promise<void> => {
    await daemon?.stop();
    daemon = undefined;
  };
  return {
    port,
    stop,
    sql: (statement, file) => exec('mariadb', [...defaults(file), ...net, '-N', '-B', '-e', statement]),
    dump: (file) => exec('mariadb-dump', [...defaults(file), ...net, '--no-data', 'mysql'], { timeoutMs: 30_000 }),
    probe: async (file) => {
      const marker = 'ka-real-mariadb-ready';
      const started = Date.now();
      let ageSec = 0;
      const s = await holdSession(
        'mariadb',
        [...defaults(file), ...net, '-N', '-B', '--unbuffered'],
        `SELECT '${marker}';\n`,
        marker,
        () => settledSockets(port, () => (ageSec = (Date.now() - started) / 1000 + 0.5)),
      );
      return { code: s.code, stderr: s.stderr, server: s.during?.find((r) => r.local.endsWith(`:${port}`)), ageSec };
    },
    start: async (file) => {
      await stop();
      const d = startDaemon({
        name: 'mariadbd',
        cmd: 'mariadbd',
        args: [
          `--defaults-file=${file}`,
          `--datadir=${data}`,
          `--port=${port}`,
          '--bind-address=127.0.0.1',
          `--socket=${socket}`,
          `--pid-file=${pidFile}`,
          '--user=mysql',
          `--log-error=${join(run, 'error.log')}`,
          '--innodb-buffer-pool-size=16M',
          '--skip-log-bin',
          '--skip-name-resolve',
        ],
        pidFile,
      });
      daemon = d;
      await waitFor(
        'mariadbd to listen',
        async () =>
          d.exited() ||
          (existsSync(socket) && (await exec('mariadb', ['--no-defaults', ...net, '-e', 'SELECT 1'])).code === 0),
        60_000,
        100,
      );
      const errorLog = join(run, 'error.log');
      return {
        ok: !d.exited(),
        log: d.output() + (existsSync(errorLog) ? readFileSync(errorLog, 'utf8').slice(-3000) : ''),
      };
    },
  };
}
