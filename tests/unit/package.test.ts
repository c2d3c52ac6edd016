// The installable command: `npm pack` (its prepack bundles the CLI), `npm install -g` of the tarball into a
// temporary prefix with no registry and an empty cache, then the installed bin run from outside the clone with
// an environment that cannot reach the clone's node_modules: it must need nothing but Node.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../lib/cli';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};

// A child's whole environment (Next's types declare NODE_ENV required in ProcessEnv; these children go without).
const childEnv = (vars: Record<string, string | undefined>) => vars as NodeJS.ProcessEnv;
// npm reads npm_config_* from the environment (set when vitest runs under `npm run`): drop them, the flags decide.
const npmEnv = childEnv(Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))));
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, env: npmEnv, encoding: 'utf8', stdio: 'pipe', timeout: 120_000 });

let tmp = '';
let tarball = '';
let prefix = '';
let work = '';

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'keepalive-config-pack-'));
  npm(['pack', '--pack-destination', tmp], ROOT);
  const tgz = readdirSync(tmp).filter((f) => f.endsWith('.tgz'));
  expect(tgz).toEqual([`keepalive-config-${PKG.version}.tgz`]);
  tarball = join(tmp, tgz[0] ?? '');
  prefix = join(tmp, 'prefix');
  // --offline with a fresh cache: any dependency to fetch would fail the install.
  npm(
    [
      'install',
      '-g',
      '--prefix',
      prefix,
      '--cache',
      join(tmp, 'cache'),
      tarball,
      '--offline',
      '--no-audit',
      '--no-fund',
    ],
    tmp,
  );
  work = join(tmp, 'work');
  mkdirSync(work);
}, 180_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The installed command, run with Node on PATH and nothing else: no NODE_PATH, no NODE_OPTIONS, cwd outside the clone. */
function installed(args: string[]) {
  const env = childEnv({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: tmp });
  return spawnSync(join(prefix, 'bin', 'keepalive-config'), args, {
    cwd: work,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

// Each test spawns a process or two (tsx for the clone's side); generous on a loaded 2-core machine, still bounded.
describe('the packed and installed command', { timeout: 90_000 }, () => {
  it('the tarball holds dist/, package.json and README.md only', () => {
    const entries = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    expect(entries).toContain(`package/${PKG.bin['keepalive-config']}`);
    expect(entries.filter((e) => !/^package\/(dist\/.+|package\.json|README\.md)$/.test(e))).toEqual([]);
  });

  it('is installed with nothing beside it, and the clone is out of its reach', () => {
    const dir = join(prefix, 'lib', 'node_modules');
    expect(readdirSync(dir)).toEqual(['keepalive-config']);
    expect(readdirSync(join(dir, 'keepalive-config')).sort()).toEqual(['README.md', 'dist', 'package.json']);
    expect(work.startsWith(ROOT)).toBe(false);
    // From where the bundle lies, zod does not resolve: the bundle carries it.
    const file = join(dir, 'keepalive-config', PKG.bin['keepalive-config'] ?? '');
    const resolve = spawnSync(
      process.execPath,
      ['-e', "require('node:module').createRequire(process.argv[1]).resolve('zod')", file],
      { cwd: work, env: childEnv({ PATH: '/usr/bin:/bin' }), encoding: 'utf8', timeout: 30_000 },
    );
    expect(resolve.status).not.toBe(0);
    expect(resolve.stderr).toMatch(/Cannot find module 'zod'/);
  });

  it('--help exits 0 with the usage, the same as the clone', () => {
    const r = installed(['--help']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^usage:\n {2}keepalive-config \[--format FORMAT\] 'QUERY'/m);
    expect(r.stdout).toMatch(/^ {2}keepalive-config probe HOST:PORT/m);
    expect(r.stdout).toMatch(/^ {2}keepalive-config echo --listen ADDR:PORT/m);
    expect(r.stdout).toBe(cli(['--help']).stdout);
  });

  it("--version prints package.json's version", () => {
    const r = installed(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${PKG.version}\n`);
  });

  it('a query prints what the clone prints', () => {
    const r = installed(['target=postgres&via=aws-natgw']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(cli(['target=postgres&via=aws-natgw']).stdout);
    expect(r.stdout).toMatch(/^==> postgresql\.conf/m);
  });

  it('a bad query exits 2 naming the field, nothing on stdout', () => {
    const r = installed(['target=db&idle=30']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('target: "db" must be one of ssh, postgres, mysql, nginx, elasticsearch, redis, grpc\n');
  });

  it.each(['probe', 'echo'])(
    '%s --help reaches the bundled subcommand: what the clone prints, the same exit code',
    (sub) => {
      const r = installed([sub, '--help']);
      const clone = spawnSync(process.execPath, ['--import', 'tsx', 'lib/cli.ts', sub, '--help'], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(r.status).toBe(clone.status);
      expect(r.stdout + r.stderr).toMatch(new RegExp(`^usage: keepalive-config ${sub}\\b`, 'm'));
      expect([r.stdout, r.stderr]).toEqual([clone.stdout, clone.stderr]);
    },
  );

  it('a bad flag exits 2 naming it', () => {
    const r = installed(['target=ssh', '--frmat', 'json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('"--frmat" is not an option');
  });
});
