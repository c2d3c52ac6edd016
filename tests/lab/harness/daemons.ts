/**
 * Real daemons in the server namespace, each with its own throwaway config, data and keys in the
 * lab's temp dir, listening only on the server's namespace address. The engine's snippet is
 * included the way an operator would (sshd drop-in first, postgresql.conf and my.cnf appended).
 */
import { execFile } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Lab } from './lab';
import { nsSpawn } from './netns';
import type { Proc } from './proc';

const run = promisify(execFile);

export interface Sshd {
  readonly port: number;
  /** Private key accepted for root. */
  readonly identity: string;
}

/** sshd with `dropIn` at the top of its config (first match wins, like /etc/ssh/sshd_config.d). */
export async function startSshd(lab: Lab, dropIn = ''): Promise<Sshd> {
  const hostKey = join(lab.tmp, 'host_ed25519');
  const identity = join(lab.tmp, 'id_ed25519');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey], { timeout: 15_000 });
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', identity], { timeout: 15_000 });
  const authorized = lab.file('authorized_keys', readFileSync(`${identity}.pub`, 'utf8'));
  const config = lab.file(
    'sshd_config',
    [
      dropIn,
      `ListenAddress ${lab.topo.serverAddr}`,
      'Port 22',
      `HostKey ${hostKey}`,
      `PidFile ${join(lab.tmp, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorized}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      '',
    ].join('\n'),
  );
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege-separation directory
  const sshd = nsSpawn(lab.topo.server, 'sshd', ['/usr/sbin/sshd', '-D', '-e', '-f', config]);
  await sshd.waitStderr('Server listening on', 10_000);
  return { port: 22, identity };
}

/** The ssh client's options that make it connect to the lab sshd without prompts. */
export function sshClientArgs(lab: Lab, sshd: Sshd): string[] {
  return [
    '-o',
    `HostName=${lab.topo.serverAddr}`,
    '-o',
    `Port=${sshd.port}`,
    '-o',
    'User=root',
    '-o',
    `IdentityFile=${sshd.identity}`,
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'BatchMode=yes',
  ];
}

/** Debian installs PostgreSQL under /usr/lib/postgresql/<major>/bin; take the newest present. */
export function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .map(Number)
        .filter(Number.isFinite)
        .sort((a, b) => b - a)
    : [];
  if (majors[0] === undefined) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  return join(root, String(majors[0]), 'bin');
}

/** setpriv execs the daemon as `user` without forking, so the spawned pid is the daemon's. */
const asUser = (user: string): string[] => ['setpriv', `--reuid=${user}`, `--regid=${user}`, '--init-groups'];

/** PostgreSQL with `snippet` appended to postgresql.conf; trust auth for the lab subnet only. */
export async function startPostgres(lab: Lab, snippet: string): Promise<{ port: number; socketDir: string }> {
  const data = join(lab.tmp, 'pgdata');
  mkdirSync(data, { mode: 0o700 });
  chownSync(data, uidOf('postgres'), gidOf('postgres'));
  const initdb = [
    ...asUser('postgres'),
    join(postgresBin(), 'initdb'),
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ];
  await run('env', initdb, { timeout: 60_000 });
  appendLines(join(data, 'postgresql.conf'), [
    `listen_addresses = '${lab.topo.serverAddr}'`,
    'port = 5432',
    `unix_socket_directories = '${data}'`, // for the lab's admin queries only
    'dynamic_shared_memory_type = mmap', // segments live in the data dir, removed with it
    'fsync = off',
    snippet,
  ]);
  appendLines(join(data, 'pg_hba.conf'), ['host all all 10.231.0.0/16 trust']);
  const postgres = nsSpawn(lab.topo.server, 'postgres', [
    ...asUser('postgres'),
    join(postgresBin(), 'postgres'),
    '-D',
    data,
  ]);
  lab.onCleanup(() => stopGracefully(postgres, 'SIGINT')); // fast shutdown: no shared memory left behind
  await postgres.waitStderr('ready to accept connections', 20_000);
  return { port: 5432, socketDir: data };
}

/** MariaDB with `snippet` appended to its option file; no grant tables (lab only, namespace-local). */
export async function startMariadb(lab: Lab, snippet: string): Promise<{ port: number }> {
  const data = join(lab.tmp, 'mysqldata');
  mkdirSync(data, { mode: 0o700 });
  chownSync(data, uidOf('mysql'), gidOf('mysql'));
  await run(
    'mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${data}`,
      '--user=mysql',
      '--skip-test-db',
      '--auth-root-authentication-method=normal',
    ],
    { timeout: 90_000 },
  );
  const cnf = lab.file(
    'my.cnf',
    [
      '[mysqld]',
      `datadir = ${data}`,
      `socket = ${join(data, 'mysqld.sock')}`,
      `pid-file = ${join(data, 'mysqld.pid')}`,
      `bind-address = ${lab.topo.serverAddr}`,
      'port = 3306',
      'user = mysql',
      'skip-grant-tables',
      'skip-name-resolve',
      'innodb_buffer_pool_size = 16M',
      snippet,
      '',
    ].join('\n'),
  );
  const mariadbd = nsSpawn(lab.topo.server, 'mariadbd', ['mariadbd', `--defaults-file=${cnf}`]);
  lab.onCleanup(() => stopGracefully(mariadbd, 'SIGTERM'));
  await mariadbd.waitStderr('ready for connections', 30_000);
  return { port: 3306 };
}

async function stopGracefully(proc: Proc, signal: NodeJS.Signals): Promise<void> {
  proc.kill(signal);
  await proc.waitExit(15_000);
}

function appendLines(path: string, lines: readonly string[]): void {
  appendFileSync(path, `\n${lines.join('\n')}\n`);
}

function passwdEntry(user: string): string[] {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}:`));
  if (line === undefined) throw new Error(`no user ${user}: is the daemon installed?`);
  return line.split(':');
}
const uidOf = (user: string): number => Number(passwdEntry(user)[2]);
const gidOf = (user: string): number => Number(passwdEntry(user)[3]);
