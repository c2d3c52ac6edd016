/**
 * Debian's nginx (1.22.1 measured) in a lab namespace, with a minimal nginx.conf of the lab's own:
 * prefix, pid, temp and log paths in the lab's temp dir, one worker (the upstream connection pool is
 * per worker: FACTS.md section 6), and the engine's site included verbatim in http {}.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Lab } from './lab';
import { nsSpawn } from './netns';
import type { Proc } from './proc';

const run = promisify(execFile);
const NGINX = '/usr/sbin/nginx';

/** Writes nginx.conf around `site`, checks it with `nginx -t`, starts nginx in `ns`; stopped in cleanup. */
export async function startNginx(lab: Lab, ns: string, site: string): Promise<Proc> {
  const prefix = join(lab.tmp, 'nginx');
  mkdirSync(join(prefix, 'logs'), { recursive: true });
  const sitePath = lab.file('upstream-keepalive.conf', site);
  const temp = (name: string) => `${name}_temp_path ${join(prefix, `${name}_temp`)};`;
  const conf = lab.file(
    'nginx.conf',
    [
      'daemon off;',
      'user root;', // the temp paths are root's: the worker writes none of them for these small bodies
      'worker_processes 1;',
      `pid ${join(prefix, 'nginx.pid')};`,
      'error_log stderr notice;', // "start worker process" is logged at notice: the readiness signal
      'events { worker_connections 64; }',
      'http {',
      '    access_log off;',
      `    ${temp('client_body')}`,
      `    ${temp('proxy')}`,
      `    ${temp('fastcgi')}`,
      `    ${temp('uwsgi')}`,
      `    ${temp('scgi')}`,
      `    include ${sitePath};`,
      '}',
      '',
    ].join('\n'),
  );
  // -e: the error log before the configuration is read (nginx 1.19.5+), so nothing opens /var/log/nginx.
  const args = ['-p', prefix, '-e', 'stderr', '-c', conf];
  await run(NGINX, [...args, '-t', '-q'], { timeout: 15_000 });
  const nginx = nsSpawn(ns, 'nginx', [NGINX, ...args]);
  lab.onCleanup(async () => {
    nginx.kill('SIGTERM'); // fast shutdown (nginx: SIGTERM and SIGINT)
    await nginx.waitExit(10_000);
  });
  await nginx.waitStderr('start worker process', 10_000);
  return nginx;
}
