#!/usr/bin/env node
// `npm test`'s set-up step (npm runs it as `pretest`, before every `npm test`, CI included):
//   node scripts/setup.mjs
// Checks what a fresh Debian 12 machine lacks for the suites: Node >= 20, node_modules, root, and the
// Debian packages of scripts/debian-packages.txt (the list .ci/run installs). Run as root on Debian, it
// installs the missing packages with apt-get; otherwise it prints one line per problem, saying what
// to run, and exits 1, so `npm test` stops at once. When nothing is missing it costs one dpkg-query.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { command } from './export.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LIST = join(ROOT, 'scripts', 'debian-packages.txt');

/** Node's lowest major: package.json `engines.node` is ">=20". */
export const NODE_MIN_MAJOR = 20;

/**
 * A binary package name (Debian Policy 5.6.1): lower case letters, digits, `+`, `-` and `.`, at
 * least two characters, starting with a letter or digit.
 */
const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;

/**
 * The names in scripts/debian-packages.txt, in order, each once. Whole-line comments (`#`) and blank
 * lines are skipped, as .ci/run's `grep -vE '^\s*(#|$)'` skips them; any other line must be one name
 * (.ci/run passes each line to apt-get as one argument).
 */
export function parsePackageList(text) {
  const names = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (!PACKAGE_NAME.test(line))
      throw new Error(`scripts/debian-packages.txt line ${i + 1}: "${line}" is not one Debian package name`);
    if (!names.includes(line)) names.push(line);
  });
  return names;
}

/**
 * dpkg-query's `--showformat` (dpkg-query(1); it expands the `\t` and `\n` escapes itself): the
 * package name and its status word
 * (`db:Status-Status`: not-installed, config-files, half-installed, unpacked, half-configured,
 * triggers-awaited, triggers-pending or installed), one package a line.
 */
export const DPKG_FORMAT = '${Package}\\t${db:Status-Status}\\n';

/**
 * The wanted names that `dpkg-query -W -f DPKG_FORMAT wanted...` does not report as installed. A
 * name dpkg never heard of gets no line at all (only a message on stderr), so it is missing too;
 * removed-but-configured (`config-files`) and half-done states are missing, since their files are not
 * all there.
 */
export function missingPackages(wanted, dpkgOutput) {
  const installed = new Set();
  for (const line of dpkgOutput.split('\n')) {
    const [name, status] = line.trim().split('\t');
    if (name && status === 'installed') installed.add(name);
  }
  return wanted.filter((name) => !installed.has(name));
}

/** The one line about Node, or null when `version` (process.versions.node) is new enough. */
export function nodeProblem(version) {
  const major = Number(version.split('.')[0]);
  if (major >= NODE_MIN_MAJOR) return null;
  return `Node ${version} is too old: the project needs Node >= ${NODE_MIN_MAJOR} (package.json "engines")`;
}

/** package.json's dependencies and devDependencies that `hasModule(name)` does not find installed. */
export function missingModules(packageJson, hasModule) {
  const names = [...Object.keys(packageJson.dependencies ?? {}), ...Object.keys(packageJson.devDependencies ?? {})];
  return names.filter((name) => !hasModule(name));
}

/** The one line about node_modules, or null when nothing is missing. */
export function modulesProblem(missing) {
  if (missing.length === 0) return null;
  const shown =
    missing.length > 5 ? `${missing.slice(0, 5).join(', ')} and ${missing.length - 5} more` : missing.join(', ');
  return `node_modules lacks ${shown}: run \`npm install\` first`;
}

/** The one line about root, or null when running as root (uid 0). */
export function rootProblem(uid) {
  if (uid === 0) return null;
  // tests/real and tests/lab refuse to start otherwise (their global set-up checks uid 0).
  return 'the real and lab suites need root (daemons run as their own users, network namespaces): run `sudo npm test`';
}

/**
 * What to do about the missing Debian packages, from the facts of this machine: nothing (`ok`),
 * install them (`install`, root on Debian with apt-get), or stop with the one line saying what to
 * run (`stop`).
 */
export function packagesDecision({ missing, isRoot, isDebian, hasApt }) {
  const names = missing.join(' ');
  if (missing.length === 0) return { kind: 'ok' };
  if (isDebian && hasApt && isRoot)
    return { kind: 'install', line: `installing ${missing.length} missing Debian package(s) with apt-get: ${names}` };
  if (isDebian && hasApt)
    return {
      kind: 'stop',
      line: `missing Debian package(s); run: sudo apt-get install -y --no-install-recommends ${names}`,
    };
  return { kind: 'stop', line: `this suite needs root on Debian 12 (with apt-get); these packages: ${names}` };
}

/** The apt-get runs that install `missing`: one `update` (a fresh machine has no package lists), one `install`. */
export function aptCommands(missing) {
  return [
    ['apt-get', 'update'],
    ['apt-get', 'install', '-y', '--no-install-recommends', ...missing],
  ];
}

/** Whether an executable named `name` is in one of PATH's directories. */
function onPath(name) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, name)));
}

/** The wanted packages dpkg does not report installed; all of them when there is no dpkg-query. */
function queryMissing(wanted) {
  if (!onPath('dpkg-query')) return wanted;
  // Exit status 1 only says some name was not found (dpkg-query(1)); stdout still lists the others.
  const r = spawnSync('dpkg-query', ['-W', '-f', DPKG_FORMAT, ...wanted], { encoding: 'utf8' });
  if (r.error) return wanted;
  return missingPackages(wanted, r.stdout);
}

/** Installs `missing` with apt-get, output shown; throws with one line when apt fails or leaves some out. */
function install(wanted, missing) {
  // Non-interactive: a package's debconf questions take their defaults instead of waiting (debconf(7)).
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const started = Date.now();
  for (const [cmd, ...args] of aptCommands(missing)) {
    const r = spawnSync(cmd, args, { stdio: 'inherit', env });
    if (r.error) throw new Error(`${cmd} ${args[0]} did not start: ${r.error.message}`);
    if (r.status !== 0)
      throw new Error(
        `\`${cmd} ${args[0]}\` failed (${r.signal ?? `exit ${r.status}`}); still missing: ${missing.join(' ')}`,
      );
  }
  const still = queryMissing(wanted);
  if (still.length > 0) throw new Error(`apt-get finished but dpkg still lacks: ${still.join(' ')}`);
  console.log(`setup: installed ${missing.length} package(s) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function main() {
  const wanted = parsePackageList(readFileSync(LIST, 'utf8'));
  const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const uid = process.getuid?.() ?? -1;
  const missing = queryMissing(wanted);
  const decision = packagesDecision({
    missing,
    isRoot: uid === 0,
    isDebian: existsSync('/etc/debian_version'),
    hasApt: onPath('apt-get'),
  });
  const problems = [
    nodeProblem(process.versions.node),
    modulesProblem(missingModules(packageJson, (name) => existsSync(join(ROOT, 'node_modules', name, 'package.json')))),
    rootProblem(uid),
    decision.kind === 'stop' ? decision.line : null,
  ].filter((p) => p !== null);
  if (decision.kind === 'install') {
    console.log(`setup: ${decision.line}`);
    install(wanted, missing);
  }
  for (const p of problems) console.error(`setup: ${p}`);
  if (problems.length > 0) {
    process.exitCode = 1;
    return;
  }
  if (decision.kind === 'ok')
    console.log(
      `setup: Node ${process.versions.node}, node_modules and the ${wanted.length} Debian packages are present`,
    );
}

command(import.meta.url, 'setup', main);
