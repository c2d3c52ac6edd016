/**
 * Issue 12: the nginx target's `app-server` snippet, one per `app`, fed to the real application server
 * (or, where none installs here, checked for syntax only, and the test's name says so). Each value read
 * back is compared with the plan's (`plan.values.appKeepalive`, seconds), never with a constant; the
 * engine's assumed defaults (lib/targets/apps.ts APP_FACTS, the "before" side) are checked against the
 * same programs run without the snippet.
 *
 * - Node 20 (node:http): the snippet's lines run after http.createServer(); the server's
 *   keepAliveTimeout and headersTimeout read back, its Keep-Alive header, and the idle close observed.
 * - gunicorn 20.1.0 (Debian): `--check-config` and `--print-config` with `-c` the snippet file.
 * - uvicorn 0.17.6 (Debian's python3-uvicorn): the snippet's command line parsed by uvicorn's own click
 *   command, the value read through uvicorn.Config.
 * - Go 1.19 (Debian): `go build` of a program holding the snippet's http.Server; it prints IdleTimeout.
 * - Apache httpd 2.4 (Debian's apache2): `apache2 -t` with the lines in a minimal config, then the
 *   server itself, whose Keep-Alive response header reports the timeout.
 * - Tomcat and Puma: not run here (no Tomcat or Ruby in the suite's packages): syntax only.
 */
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../lib/engine';
import { APP_FACTS } from '../../lib/targets/apps';
import { startDaemon, stopAllDaemons } from './harness/daemon';
import { body } from './harness/engine';
import { describe as why, exec } from './harness/exec';
import { sparePort } from './harness/ports';
import { record } from './harness/results';
import { cleanupTempDirs, tempDir, writeFile } from './harness/tmp';
import { waitFor } from './harness/wait';

afterAll(async () => {
  await stopAllDaemons();
  cleanupTempDirs();
});

const PYTHON = '/usr/bin/python3'; // Debian's, with python3-gunicorn and python3-uvicorn
const helper = (name: string): string => fileURLToPath(new URL(`helpers/app/${name}`, import.meta.url));

type App = 'node' | 'gunicorn' | 'uvicorn' | 'go' | 'tomcat' | 'puma' | 'apache';

/** The plan for `v=1&target=nginx&app=APP`: the app-server snippet and A, the app's keep-alive timeout (s). */
function planFor(app: App): { query: string; text: string; lines: string[]; a: number } {
  const query = `v=1&target=nginx&app=${app}`;
  const result = run(query);
  const snippet = result.snippets.find((s) => s.id === 'app-server');
  if (snippet === undefined)
    throw new Error(`${query}: no app-server snippet (has ${result.snippets.map((s) => s.id).join(', ')})`);
  const a = result.plan.values.appKeepalive;
  if (a === undefined) throw new Error(`${query}: the plan has no appKeepalive`);
  return { query, text: snippet.text, lines: body(snippet.text).split('\n'), a };
}

/** The engine's default for an app (seconds; undefined: no idle timeout), the "before" side of the plan. */
const engineDefault = (app: App): number | undefined => APP_FACTS[app].defaultSeconds;

const readJsonLine = (stdout: string): Record<string, unknown> => {
  const line = stdout.split('\n').find((l) => l.startsWith('{'));
  if (line === undefined) throw new Error(`no JSON line in ${stdout.slice(0, 300)}`);
  return JSON.parse(line) as Record<string, unknown>;
};

// ---------------------------------------------------------------------------------------------------
// Node
// ---------------------------------------------------------------------------------------------------

interface NodeServer {
  readonly port: number;
  readonly settings: Record<string, unknown>;
}

/** helpers/app/node_server.mjs with the snippet's text (all of it: its comments are // lines). */
async function startNode(snippetText: string | undefined): Promise<NodeServer> {
  const port = await sparePort();
  const args = [helper('node_server.mjs'), String(port)];
  if (snippetText !== undefined) args.push(writeFile(join(tempDir('node-app'), 'app-server.js'), snippetText));
  const daemon = startDaemon({ name: 'node app', cmd: process.execPath, args });
  let settings: Record<string, unknown> | undefined;
  await waitFor(
    'the node server to listen',
    () => {
      if (daemon.exited()) throw new Error(`node server exited: ${daemon.output()}`);
      if (daemon.output().includes('}')) settings = readJsonLine(daemon.output());
      return settings !== undefined;
    },
    10_000,
  );
  return { port, settings: settings ?? {} };
}

/**
 * One keep-alive request, then the connection left idle: the Keep-Alive header's timeout and the
 * seconds from the answer to the server's close (bounded by `limitS`).
 */
function idleClose(port: number, limitS: number): Promise<{ header: string | undefined; closedAfterS: number }> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let head = '';
    let answeredAt: number | undefined;
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`the server kept the idle connection open for more than ${limitS} s`));
    }, limitS * 1000);
    sock.on('connect', () => sock.write('GET / HTTP/1.1\r\nHost: lab\r\n\r\n'));
    sock.on('data', (d: Buffer) => {
      head += d.toString();
      if (answeredAt === undefined && head.includes('\r\n\r\nok\n')) answeredAt = performance.now();
    });
    sock.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    sock.on('close', () => {
      clearTimeout(timer);
      if (answeredAt === undefined) return reject(new Error(`closed before an answer: ${head}`));
      resolve({
        header: /^keep-alive: *(.*)$/im.exec(head)?.[1]?.trim(),
        closedAfterS: (performance.now() - answeredAt) / 1000,
      });
    });
  });
}

/**
 * Node 20.20 arms an idle socket's timer at keepAliveTimeout + 1000 ms (lib/_http_server.js,
 * HTTP_SERVER_KEEP_ALIVE_TIMEOUT_BUFFER, "to reduce the likelihood of ECONNRESET errors"; read from the
 * running node's own source), while the Keep-Alive header advertises keepAliveTimeout: the close comes
 * between A and A + this buffer, plus the machine's slack.
 */
const NODE_BUFFER_S = 1;
const SLACK_S = 2;

describe('Node (node:http): the app-server lines set keepAliveTimeout and headersTimeout', () => {
  const plan = planFor('node');

  it("Node's own default keepAliveTimeout is the engine's default for node", async () => {
    const server = await startNode(undefined);
    const d = engineDefault('node');
    expect(d, 'the engine knows a default for node').toBeDefined();
    expect(server.settings.keepAliveTimeout).toBe((d ?? 0) * 1000);
  });

  it(
    `${plan.query}: the server reports keepAliveTimeout = A and headersTimeout above it, and closes an idle connection after A`,
    { timeout: (plan.a + NODE_BUFFER_S + SLACK_S + 30) * 1000 },
    async () => {
      const server = await startNode(plan.text);
      const keepAlive = server.settings.keepAliveTimeout;
      const headers = server.settings.headersTimeout;
      // The contract: keepAliveTimeout A * 1000 ms, headersTimeout (A + 1) * 1000 ms, so the headers
      // timer cannot cut an idle keep-alive connection first (the snippet's comment names Node.js issue 27363).
      const readBack = keepAlive === plan.a * 1000 && headers === (plan.a + 1) * 1000;
      record({
        daemon: 'App servers behind nginx',
        kind: 'generated',
        label: `app-server node ?${plan.query} (node:http ${process.version})`,
        accepted: true,
        readBack,
      });
      expect(keepAlive, 'server.keepAliveTimeout (ms)').toBe(plan.a * 1000);
      expect(headers, 'server.headersTimeout (ms)').toBe((plan.a + 1) * 1000);
      expect(Number(headers)).toBeGreaterThan(Number(keepAlive));
      const idle = await idleClose(server.port, plan.a + NODE_BUFFER_S + SLACK_S + 10);
      console.log(
        `[real] node: Keep-Alive "${idle.header ?? ''}", idle connection closed after ${idle.closedAfterS.toFixed(2)} s (A = ${plan.a} s)`,
      );
      // Node writes Keep-Alive: timeout=<keepAliveTimeout in s> on a keep-alive answer (lib/_http_outgoing.js).
      expect(idle.header).toBe(`timeout=${plan.a}`);
      expect(idle.closedAfterS, 'not before A').toBeGreaterThanOrEqual(plan.a);
      expect(idle.closedAfterS, 'within the buffer and slack after A').toBeLessThanOrEqual(
        plan.a + NODE_BUFFER_S + SLACK_S,
      );
    },
  );
});

// ---------------------------------------------------------------------------------------------------
// gunicorn
// ---------------------------------------------------------------------------------------------------

const GUNICORN = '/usr/bin/gunicorn';

/** `gunicorn FLAG [-c conf] wsgi_app:app`: the app module is helpers/app/wsgi_app.py (both flags import it). */
function gunicorn(flag: '--check-config' | '--print-config', conf: string | undefined) {
  return exec(GUNICORN, [flag, ...(conf === undefined ? [] : ['-c', conf]), '--chdir', helper(''), 'wsgi_app:app'], {
    timeoutMs: 30_000,
  });
}

/** `--print-config` lines: `name = value` (gunicorn/app/base.py prints every setting, resolved). */
function printed(stdout: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const m = /^(\w+)\s+=\s*(.*)$/.exec(line);
    if (m?.[1] !== undefined) settings.set(m[1], (m[2] ?? '').trim());
  }
  return settings;
}

describe('gunicorn 20.1: the app-server gunicorn.conf.py', () => {
  const plan = planFor('gunicorn');
  const conf = (text: string): string => writeFile(join(tempDir('gunicorn'), 'gunicorn.conf.py'), text);

  it("gunicorn's own default keepalive is the engine's default for gunicorn", async () => {
    const r = await gunicorn('--print-config', undefined);
    expect(r.code, why(r)).toBe(0);
    expect(printed(r.stdout).get('keepalive')).toBe(String(engineDefault('gunicorn')));
  });

  it(`${plan.query}: --check-config accepts it, --print-config reports keepalive = A and a worker that keeps connections alive`, async () => {
    const file = conf(plan.text);
    const check = await gunicorn('--check-config', file);
    const print = await gunicorn('--print-config', file);
    const settings = printed(print.stdout);
    // keepalive is used only by the gthread and async workers (gunicorn docs, keepalive; the sync worker
    // answers with Connection: close, gunicorn/workers/sync.py): the snippet must choose one.
    const worker = settings.get('worker_class') ?? '';
    const readBack =
      settings.get('keepalive') === String(plan.a) && ['gthread', 'eventlet', 'gevent', 'tornado'].includes(worker);
    record({
      daemon: 'App servers behind nginx',
      kind: 'generated',
      label: `app-server gunicorn ?${plan.query} (gunicorn --check-config/--print-config)`,
      accepted: check.code === 0,
      readBack,
    });
    expect(check.code, why(check)).toBe(0);
    expect(print.code, why(print)).toBe(0);
    expect(settings.get('keepalive'), 'keepalive (s)').toBe(String(plan.a));
    expect(worker, 'a worker class that honours keepalive').toBe('gthread');
  });

  it('a broken keepalive is refused by --check-config', async () => {
    const r = await gunicorn('--check-config', conf('keepalive = "soon"\n'));
    record({
      daemon: 'App servers behind nginx',
      kind: 'broken',
      label: 'app-server gunicorn keepalive = "soon"',
      accepted: r.code === 0,
      readBack: null,
    });
    expect(r.code).not.toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------
// uvicorn
// ---------------------------------------------------------------------------------------------------

/** The words after `uvicorn` on the snippet's command line (a shell line without quoting). */
function uvicornArgs(lines: readonly string[]): string[] {
  const line = lines.find((l) => /^uvicorn\s/.test(l));
  if (line === undefined) throw new Error(`no uvicorn command line in ${lines.join(' | ')}`);
  return line.split(/\s+/).slice(1);
}

const uvicornConfig = (args: readonly string[]) =>
  exec(PYTHON, [helper('uvicorn_config.py'), ...args], { timeoutMs: 30_000 });

describe('uvicorn 0.17: the app-server command line', () => {
  const plan = planFor('uvicorn');

  it(`${plan.query}: uvicorn's command parses it and Config reports timeout_keep_alive = A; its default is the engine's`, async () => {
    const r = await uvicornConfig(uvicornArgs(plan.lines));
    const parsed = r.code === 0 ? readJsonLine(r.stdout) : {};
    record({
      daemon: 'App servers behind nginx',
      kind: 'generated',
      label: `app-server uvicorn ?${plan.query} (uvicorn CLI + Config)`,
      accepted: r.code === 0,
      readBack: parsed.timeout_keep_alive === plan.a,
    });
    expect(r.code, why(r)).toBe(0);
    expect(parsed.timeout_keep_alive, 'Config.timeout_keep_alive (s)').toBe(plan.a);
    expect(parsed.default, "uvicorn's own default").toBe(engineDefault('uvicorn'));
  });

  it('a broken --timeout-keep-alive is refused by its command', async () => {
    const r = await uvicornConfig(['app:app', '--timeout-keep-alive', '75s']);
    record({
      daemon: 'App servers behind nginx',
      kind: 'broken',
      label: 'app-server uvicorn --timeout-keep-alive 75s',
      accepted: r.code === 0,
      readBack: null,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--timeout-keep-alive');
  });
});

// ---------------------------------------------------------------------------------------------------
// Go
// ---------------------------------------------------------------------------------------------------

/**
 * A program around the snippet's lines (inside main, where the snippet builds `srv`): `handler` is a
 * package-level http.Handler (Go refuses an unused local, not an unused package variable), and `time`
 * is used once whatever the snippet does. It prints the snippet's server's IdleTimeout and
 * ReadTimeout, and those of a zero http.Server (the default the engine assumes).
 */
function goProgram(lines: readonly string[]): string {
  return [
    'package main',
    '',
    'import (',
    '\t"encoding/json"',
    '\t"net/http"',
    '\t"os"',
    '\t"time"',
    ')',
    '',
    'var handler http.Handler = http.NotFoundHandler()',
    'var _ = time.Second',
    '',
    'func main() {',
    ...lines.map((l) => `\t${l}`),
    '\tzero := &http.Server{}',
    '\t_ = json.NewEncoder(os.Stdout).Encode(map[string]float64{',
    '\t\t"idle": srv.IdleTimeout.Seconds(), "read": srv.ReadTimeout.Seconds(),',
    '\t\t"zeroIdle": zero.IdleTimeout.Seconds(), "zeroRead": zero.ReadTimeout.Seconds(),',
    '\t})',
    '}',
    '',
  ].join('\n');
}

/** `go build` (Debian's Go 1.19, no network: GOPROXY=off, the standard library only), then runs it. */
async function goBuildRun(lines: readonly string[]) {
  const dir = tempDir('go');
  const main = writeFile(join(dir, 'main.go'), goProgram(lines));
  const cache = join(tempDir('go-cache'), 'cache');
  mkdirSync(cache);
  const env = {
    ...process.env,
    GOPROXY: 'off',
    GOFLAGS: '-mod=mod',
    GO111MODULE: 'on',
    GOCACHE: cache,
    GOPATH: join(dir, 'gopath'),
  };
  const build = await exec('go', ['build', '-o', join(dir, 'server'), main], { cwd: dir, env, timeoutMs: 240_000 });
  if (build.code !== 0) return { build, run: undefined };
  return { build, run: await exec(join(dir, 'server'), [], { timeoutMs: 10_000 }) };
}

describe('Go 1.19 net/http: the app-server http.Server', () => {
  const plan = planFor('go');

  it(
    `${plan.query}: go build accepts it and the server's IdleTimeout is A; a zero http.Server has none (the engine's default)`,
    { timeout: 300_000 },
    async () => {
      const { build, run: ran } = await goBuildRun(plan.lines);
      const printedValues = ran?.code === 0 ? readJsonLine(ran.stdout) : {};
      record({
        daemon: 'App servers behind nginx',
        kind: 'generated',
        label: `app-server go ?${plan.query} (go build, IdleTimeout)`,
        accepted: build.code === 0,
        readBack: printedValues.idle === plan.a,
      });
      expect(build.code, why(build)).toBe(0);
      expect(ran?.code, ran ? why(ran) : 'not run').toBe(0);
      expect(printedValues.idle, 'srv.IdleTimeout (s)').toBe(plan.a);
      // net/http: "If IdleTimeout is zero, the value of ReadTimeout is used. If both are zero, there is no timeout."
      expect(engineDefault('go'), 'the engine assumes no idle timeout for go').toBeUndefined();
      expect([printedValues.zeroIdle, printedValues.zeroRead]).toEqual([0, 0]);
    },
  );

  it('a broken IdleTimeout (a string) is refused by go build', { timeout: 300_000 }, async () => {
    const { build } = await goBuildRun(['srv := &http.Server{', '\tHandler: handler,', '\tIdleTimeout: "75s",', '}']);
    record({
      daemon: 'App servers behind nginx',
      kind: 'broken',
      label: 'app-server go IdleTimeout: "75s"',
      accepted: build.code === 0,
      readBack: null,
    });
    expect(build.code).not.toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------
// Apache httpd
// ---------------------------------------------------------------------------------------------------

const APACHE = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';

/** A minimal httpd.conf (event MPM, one port on 127.0.0.1, every runtime file in a temp dir) including `lines`. */
function apacheConf(lines: string, port: number): { dir: string; conf: string } {
  const dir = tempDir('apache');
  writeFile(join(dir, 'index.html'), 'ok\n');
  const include = writeFile(join(dir, 'keepalive.conf'), lines);
  const conf = writeFile(
    join(dir, 'httpd.conf'),
    [
      `ServerRoot ${dir}`,
      `DefaultRuntimeDir ${dir}`,
      `PidFile ${join(dir, 'httpd.pid')}`,
      `Mutex file:${dir} default`,
      `LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so`,
      `LoadModule authz_core_module ${MODULES}/mod_authz_core.so`,
      'User www-data',
      'Group www-data',
      `Listen 127.0.0.1:${port}`,
      'ServerName localhost',
      `ErrorLog ${join(dir, 'error.log')}`,
      `DocumentRoot ${dir}`,
      `Include ${include}`,
      '',
    ].join('\n'),
  );
  return { dir, conf };
}

/**
 * The Keep-Alive header of one answer from apache2 running `lines` (-X: one process, in the
 * foreground). httpd sends it on a keep-alive answer to a request that asks for one (Connection:
 * keep-alive), as `timeout=<KeepAliveTimeout in s>, max=<MaxKeepAliveRequests>` (http_protocol.c).
 */
async function apacheKeepAliveHeader(lines: string): Promise<string | undefined> {
  const port = await sparePort();
  const { conf, dir } = apacheConf(lines, port);
  const daemon = startDaemon({
    name: 'apache2',
    cmd: APACHE,
    args: ['-X', '-f', conf],
    pidFile: join(dir, 'httpd.pid'),
  });
  try {
    let head = '';
    await waitFor(
      'apache2 to answer',
      async () => {
        if (daemon.exited()) throw new Error(`apache2 exited: ${daemon.output()}`);
        head = await new Promise<string>((resolve) => {
          const sock = connect(port, '127.0.0.1');
          let got = '';
          sock.on('connect', () =>
            sock.write('GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n'),
          );
          sock.on('data', (d: Buffer) => {
            got += d.toString();
            if (got.includes('\r\n\r\n')) sock.destroy();
          });
          sock.on('error', () => resolve(''));
          sock.on('close', () => resolve(got));
        });
        return head.includes('\r\n\r\n');
      },
      15_000,
      100,
    );
    return /^keep-alive: *(.*)$/im.exec(head)?.[1]?.trim();
  } finally {
    await daemon.stop();
  }
}

describe('Apache httpd 2.4 (Debian apache2): the app-server lines', () => {
  const plan = planFor('apache');

  it(`${plan.query}: apache2 -t accepts them and the running server advertises timeout=A`, async () => {
    const text = plan.lines.join('\n');
    const syntax = await exec(APACHE, ['-t', '-f', apacheConf(text, await sparePort()).conf]);
    const header = syntax.code === 0 ? await apacheKeepAliveHeader(text) : undefined;
    record({
      daemon: 'App servers behind nginx',
      kind: 'generated',
      label: `app-server apache ?${plan.query} (apache2 -t, Keep-Alive header)`,
      accepted: syntax.code === 0,
      readBack: header?.startsWith(`timeout=${plan.a},`) ?? false,
    });
    expect(syntax.code, why(syntax)).toBe(0);
    expect(header, 'Keep-Alive header').toMatch(new RegExp(`^timeout=${plan.a}, max=\\d+$`));
  });

  it("without the lines, the running server advertises the engine's default", async () => {
    const header = await apacheKeepAliveHeader('');
    expect(header, 'Keep-Alive header').toMatch(new RegExp(`^timeout=${engineDefault('apache') ?? 'none'}, max=\\d+$`));
  });

  // Not "KeepAliveTimeout soon": httpd takes it as 0 s (server/util.c ap_timeout_parameter_parse reads
  // the number, then only the first letter of the unit).
  it('a broken KeepAliveTimeout (two words) is refused by apache2 -t', async () => {
    const r = await exec(APACHE, ['-t', '-f', apacheConf('KeepAliveTimeout 75 seconds\n', await sparePort()).conf]);
    record({
      daemon: 'App servers behind nginx',
      kind: 'broken',
      label: 'app-server apache KeepAliveTimeout 75 seconds',
      accepted: r.code === 0,
      readBack: null,
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('KeepAliveTimeout');
  });
});

// ---------------------------------------------------------------------------------------------------
// Tomcat and Puma: syntax only
// ---------------------------------------------------------------------------------------------------

/**
 * A Spring Boot Duration: a number with a unit (ms, s, m, h, d), or a bare number in milliseconds
 * (Spring Boot reference, "Converting Durations": without @DurationUnit the unit is milliseconds).
 */
function durationSeconds(value: string): number | undefined {
  const m = /^(\d+)(ms|s|m|h|d)?$/.exec(value);
  if (m?.[1] === undefined) return undefined;
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 }[m[2] ?? 'ms'] ?? 0.001;
  return Number(m[1]) * factor;
}

// The HTTP connector's keepAliveTimeout is in milliseconds (Tomcat's HTTP connector reference).
describe('Tomcat (not installed here: syntax only)', () => {
  const plan = planFor('tomcat');

  it(`${plan.query}: the properties lines are key=value, and every keep-alive timeout they set (a Spring Boot Duration, a server.xml Connector's keepAliveTimeout in ms) is A`, () => {
    const found: number[] = [];
    for (const line of plan.lines) {
      expect(line, 'a properties line: key=value').toMatch(/^[\w.-]+=\S+$/);
      const [key, value] = line.split('=', 2);
      if (key === 'server.tomcat.keep-alive-timeout') found.push(durationSeconds(value ?? '') ?? Number.NaN);
    }
    // The standalone form, server.xml, is in the snippet too (a comment in a properties file).
    for (const m of plan.text.matchAll(/<Connector\b[^>]*\bkeepAliveTimeout="(\d+)"/g)) found.push(Number(m[1]) / 1000);
    record({
      daemon: 'App servers behind nginx',
      kind: 'generated',
      label: `app-server tomcat ?${plan.query} (syntax only)`,
      accepted: true,
      readBack: null,
    });
    expect(found.length, 'at least one keep-alive timeout').toBeGreaterThan(0);
    expect(found).toEqual(found.map(() => plan.a));
  });
});

describe('Puma (not installed here: syntax only)', () => {
  const plan = planFor('puma');

  // Puma::DSL#persistent_timeout(seconds) stores Integer(seconds) (lib/puma/dsl.rb): a whole number of seconds.
  it(`${plan.query}: one config DSL call, persistent_timeout A (an integer, seconds)`, () => {
    record({
      daemon: 'App servers behind nginx',
      kind: 'generated',
      label: `app-server puma ?${plan.query} (syntax only)`,
      accepted: true,
      readBack: null,
    });
    expect(plan.lines).toEqual([`persistent_timeout ${plan.a}`]);
  });
});
