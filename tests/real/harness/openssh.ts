/** OpenSSH validators: `ssh -G` and `sshd -T` print the effective configuration (FACTS.md section 3). */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { exec, type ExecResult } from './exec';
import { tempDir, writeFile } from './tmp';

export interface Effective {
  /** Exit 0 and no complaint on stderr. */
  readonly ok: boolean;
  /** Lower-case option name -> value, as the program printed it. */
  readonly options: ReadonlyMap<string, string>;
  readonly result: ExecResult;
}

function parseDump(stdout: string): Map<string, string> {
  const options = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const m = /^(\S+)\s+(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined && !options.has(m[1])) options.set(m[1], m[2]);
  }
  return options;
}

/** `ssh -G -F file host`: exit 255 on a bad option. */
export async function sshG(configText: string, host: string): Promise<Effective> {
  const dir = tempDir('ssh');
  const file = writeFile(join(dir, 'ssh_config'), configText, undefined, 0o600);
  const result = await exec('ssh', ['-G', '-F', file, host]);
  // ssh notes on stderr that stdin is not a terminal; that line is about the test, not the config.
  const complaints = result.stderr.replace(/^Pseudo-terminal will not be allocated.*$/m, '').trim();
  return { ok: result.code === 0 && complaints === '', options: parseDump(result.stdout), result };
}

let hostKey: string | undefined;

async function sshdHostKey(): Promise<string> {
  if (hostKey) return hostKey;
  const key = join(tempDir('sshd-key'), 'ssh_host_ed25519_key');
  const r = await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  if (r.code !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
  hostKey = key;
  return key;
}

/**
 * `sshd -T -f main` where main Includes the drop-in first, as Debian's sshd_config does.
 * sshd insists on its privilege separation directory /run/sshd; when the machine has none (no
 * service ever started), run inside a private mount namespace with a throwaway /run instead.
 */
export async function sshdT(dropInText: string): Promise<Effective> {
  const dir = tempDir('sshd');
  const dropDir = join(dir, 'sshd_config.d');
  mkdirSync(dropDir);
  writeFile(join(dropDir, '50-keepalive.conf'), dropInText);
  const main = writeFile(
    join(dir, 'sshd_config'),
    `Include ${dropDir}/*.conf\nHostKey ${await sshdHostKey()}\nPidFile ${join(dir, 'sshd.pid')}\n`,
  );
  const sshd = ['/usr/sbin/sshd', '-T', '-f', main];
  const result = existsSync('/run/sshd')
    ? await exec(sshd[0] ?? 'sshd', sshd.slice(1))
    : await exec('unshare', [
        '-m',
        '--',
        'sh',
        '-c',
        'mount -t tmpfs -o mode=755 none /run && mkdir -m 755 /run/sshd && exec "$@"',
        'sh',
        ...sshd,
      ]);
  return { ok: result.code === 0 && result.stderr.trim() === '', options: parseDump(result.stdout), result };
}
