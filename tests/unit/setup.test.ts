// scripts/setup.mjs, `npm test`'s set-up step: the list it reads, the missing set it computes from a
// dpkg-query answer, and the one line it prints. No apt-get or dpkg-query runs here: the answers are
// written out as dpkg-query prints them with DPKG_FORMAT (name, tab, status word).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DPKG_FORMAT,
  aptCommands,
  missingModules,
  missingPackages,
  modulesProblem,
  nodeProblem,
  packagesDecision,
  parsePackageList,
  rootProblem,
} from '../../scripts/setup.mjs';

const LIST = fileURLToPath(new URL('../../scripts/debian-packages.txt', import.meta.url));

describe('parsePackageList', () => {
  it('keeps the names in order, each once, and skips comments, blank lines and surrounding blanks', () => {
    const text = '# daemons\nnginx\n\n  openssh-server  \n\t# indented comment\nnginx\nlibpq5\ng++\nlibc6.1\n';
    expect(parsePackageList(text)).toEqual(['nginx', 'openssh-server', 'libpq5', 'g++', 'libc6.1']);
  });

  it('refuses a line that is not one package name, naming the line', () => {
    expect(() => parsePackageList('nginx\nnginx # the web server\n')).toThrow(/line 2: "nginx # the web server"/);
    expect(() => parsePackageList('Nginx\n')).toThrow(/line 1/);
    expect(() => parsePackageList('x\n')).toThrow(/line 1/);
    expect(() => parsePackageList('-y\n')).toThrow(/line 1/);
  });

  it('reads scripts/debian-packages.txt as the same names .ci/run passes to apt-get', () => {
    // .ci/run: mapfile -t packages < <(grep -vE '^\s*(#|$)' scripts/debian-packages.txt)
    const ci = spawnSync('grep', ['-vE', '^\\s*(#|$)', LIST], { encoding: 'utf8' });
    expect(ci.status).toBe(0);
    const ciNames = ci.stdout.split('\n').filter((l) => l !== '');
    const names = parsePackageList(readFileSync(LIST, 'utf8'));
    expect(names).toEqual(ciNames);
    expect(names).toEqual(
      expect.arrayContaining([
        'nginx',
        'openssh-server',
        'postgresql',
        'mariadb-server',
        'pgbouncer',
        'chromium',
        'iproute2',
        'nftables',
        'conntrack',
      ]),
    );
  });
});

describe('missingPackages', () => {
  const wanted = ['nginx', 'pgbouncer', 'chromium', 'conntrack', 'nftables', 'python3'];

  it('is empty when dpkg reports every package installed', () => {
    const out = wanted.map((n) => `${n}\tinstalled\n`).join('');
    expect(missingPackages(wanted, out)).toEqual([]);
  });

  it('counts unknown names (no line), removed packages with their config and half-done states as missing', () => {
    const out = [
      'nginx\tinstalled',
      'pgbouncer\tconfig-files',
      'chromium\thalf-configured',
      'nftables\tunpacked',
      'python3\tinstalled',
      '',
    ].join('\n');
    expect(missingPackages(wanted, out)).toEqual(['pgbouncer', 'chromium', 'conntrack', 'nftables']);
  });

  it('takes a package installed for one architecture of several as installed, and ignores other names', () => {
    const out = 'python3\tnot-installed\npython3\tinstalled\nnginx\tinstalled\nnginx-common\tinstalled\n';
    expect(missingPackages(['python3', 'nginx', 'nginx-light'], out)).toEqual(['nginx-light']);
  });

  it('is every wanted package when dpkg-query printed nothing', () => {
    expect(missingPackages(wanted, '')).toEqual(wanted);
  });

  it('asks dpkg-query for the name and the status word, one package a line', () => {
    expect(DPKG_FORMAT).toBe('${Package}\\t${db:Status-Status}\\n');
  });
});

describe('the other prerequisites', () => {
  it('wants Node 20 or newer (package.json engines)', () => {
    expect(nodeProblem('18.20.4')).toMatch(/Node 18\.20\.4 is too old.*>= 20/);
    expect(nodeProblem('19.9.0')).not.toBeNull();
    expect(nodeProblem('20.0.0')).toBeNull();
    expect(nodeProblem('22.11.0')).toBeNull();
  });

  it('finds the dependencies and devDependencies that node_modules lacks', () => {
    const pkg = { dependencies: { next: '^16', zod: '^4' }, devDependencies: { vitest: '^4', tsx: '^4' } };
    const present = new Set(['next', 'tsx']);
    expect(missingModules(pkg, (n) => present.has(n))).toEqual(['zod', 'vitest']);
    expect(missingModules({}, () => false)).toEqual([]);
  });

  it('says to run npm install, naming at most five modules', () => {
    expect(modulesProblem([])).toBeNull();
    expect(modulesProblem(['zod', 'vitest'])).toBe('node_modules lacks zod, vitest: run `npm install` first');
    expect(modulesProblem(['a', 'b', 'c', 'd', 'e'])).toBe('node_modules lacks a, b, c, d, e: run `npm install` first');
    expect(modulesProblem(['a', 'b', 'c', 'd', 'e', 'f'])).toBe(
      'node_modules lacks a, b, c, d, e and 1 more: run `npm install` first',
    );
    expect(modulesProblem(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe(
      'node_modules lacks a, b, c, d, e and 2 more: run `npm install` first',
    );
  });

  it('wants root', () => {
    expect(rootProblem(0)).toBeNull();
    expect(rootProblem(1000)).toMatch(/need root.*sudo npm test/);
  });
});

describe('packagesDecision', () => {
  const missing = ['pgbouncer', 'conntrack'];

  it('does nothing when nothing is missing, whoever runs it', () => {
    expect(packagesDecision({ missing: [], isRoot: false, isDebian: false, hasApt: false })).toEqual({ kind: 'ok' });
  });

  it('installs as root on Debian with apt-get, saying what', () => {
    const d = packagesDecision({ missing, isRoot: true, isDebian: true, hasApt: true });
    expect(d.kind).toBe('install');
    expect(d.kind === 'install' && d.line).toMatch(/installing 2 .*apt-get: pgbouncer conntrack$/);
  });

  it('prints the sudo command for a user on Debian', () => {
    expect(packagesDecision({ missing, isRoot: false, isDebian: true, hasApt: true })).toEqual({
      kind: 'stop',
      line: 'missing Debian package(s); run: sudo apt-get install -y --no-install-recommends pgbouncer conntrack',
    });
  });

  it('names the packages and asks for root on Debian elsewhere (no Debian, or no apt-get)', () => {
    for (const facts of [
      { isRoot: true, isDebian: false, hasApt: false },
      { isRoot: true, isDebian: true, hasApt: false },
      { isRoot: false, isDebian: false, hasApt: true },
    ]) {
      expect(packagesDecision({ missing, ...facts })).toEqual({
        kind: 'stop',
        line: 'this suite needs root on Debian 12 (with apt-get); these packages: pgbouncer conntrack',
      });
    }
  });
});

describe('aptCommands', () => {
  it('updates the package lists once, then installs without recommends or questions', () => {
    expect(aptCommands(['nginx', 'chromium'])).toEqual([
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', '--no-install-recommends', 'nginx', 'chromium'],
    ]);
  });
});
