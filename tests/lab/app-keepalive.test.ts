/**
 * Scenario 12 (issue 12): keep-alive ordering between nginx and the app behind it, the "random 502s".
 * nginx (Debian's, its own config and prefix: harness/nginx.ts) pools upstream connections to a Node
 * http server or a gunicorn gthread worker across a path with DELAY_MS of latency each way. A request
 * pattern whose idle gaps straddle the app's keep-alive timeout sends POSTs one after another:
 * - the defaults (the nginx-conf snippet of the query without `app`, whose upstream keepalive_timeout
 *   is nginx's own 60 s, and the app with its own default timeout): nginx keeps reusing a connection
 *   the app closes after a few seconds, and a request written just after the app closed it, before
 *   nginx has seen the FIN, fails with 502;
 * - the plan (the nginx-conf and `app-server` snippets for `app=node` / `app=gunicorn`, applied as
 *   emitted): the app keeps the connection longer than nginx does, so every request is answered, all
 *   on the one pooled connection.
 * The two runs of an app go at the same time, each in its own namespaces (client: nginx and the
 * requests; middlebox: the delay; server: the app), over the same pattern.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { run } from '../../lib/engine';
import { APP_FACTS } from '../../lib/targets/apps';
import { NGINX_DEFAULT_TIMEOUT } from '../../lib/targets/nginx';
import { engine, snippet } from './harness/engine';
import { labOn, useLab, type Lab } from './harness/lab';
import { ADDRESSES, createTopology, destroyTopology, loadRuleset, nsSpawn } from './harness/netns';
import { startNginx } from './harness/nginx';
import { until, type Proc } from './harness/proc';
import { checkOutcome } from './harness/results';
import { PYTHON } from './harness/witness';

const execFileP = promisify(execFile);
const appHelper = (name: string): string => fileURLToPath(new URL(`helpers/app/${name}`, import.meta.url));

/** The app listens here, in the server namespace; the query names it as nginx's upstream. */
const APP_PORT = 8080;
/** The emitted site's listen line: port 80, in the client namespace (the requests come from its loopback). */
const NGINX_PORT = 80;
/**
 * One-way latency of the lab's path (helpers/app/delay_bridge.py). On a path without latency nginx sees
 * the app's FIN within microseconds of the close and drops the connection from its pool before it can
 * reuse it; with latency D, a request nginx writes up to D after the app closed, or that reaches the app
 * after it closed, meets a closed socket: the race window is about 2D wide, as between two hosts.
 */
const DELAY_MS = 100;
/** Step between two gaps of the pattern: a quarter of the race window, so several gaps fall inside it. */
const STEP_S = (2 * DELAY_MS) / 1000 / 4;
/** Each request waits at most this long for its answer (nginx answers 502 at once on a reset). */
const REQUEST_TIMEOUT_S = 10;

type AppId = 'node' | 'gunicorn';

interface AppCase {
  readonly app: AppId;
  /**
   * When, after an answer, the app closes an idle connection, given its keep-alive timeout d (s):
   * earliest and latest. The pattern is built around it with d the engine's default for the app
   * (lib/targets/apps.ts APP_FACTS, the plan's "before" side), so a wrong default misses the race.
   */
  closes(d: number): readonly [number, number];
  /** Starts the app in the server namespace, with the `app-server` snippet when given. */
  start(l: Lab, appServer: string | undefined): Promise<Proc>;
}

/** Node 20.20's socket timer runs this long past keepAliveTimeout (lib/_http_server.js, HTTP_SERVER_KEEP_ALIVE_TIMEOUT_BUFFER). */
const NODE_TIMEOUT_BUFFER_S = 1;

const NODE: AppCase = {
  app: 'node',
  // server.keepAliveTimeout: 5000 ms by default (nodejs.org/api/http.html, server.keepAliveTimeout;
  // lib/_http_server.js: this.keepAliveTimeout = 5_000). Node 20.20 arms the idle socket's timer at
  // keepAliveTimeout + HTTP_SERVER_KEEP_ALIVE_TIMEOUT_BUFFER (1000 ms, "to reduce the likelihood of
  // ECONNRESET errors"; read from the running node's own lib/_http_server.js) and closes on it: 6 s.
  closes: (d) => [d + NODE_TIMEOUT_BUFFER_S, d + NODE_TIMEOUT_BUFFER_S],
  async start(l, appServer) {
    const args = [process.execPath, appHelper('node_app.mjs'), ADDRESSES.server, String(APP_PORT)];
    if (appServer !== undefined) args.push(l.file('app-server.js', appServer));
    const proc = nsSpawn(l.topo.server, 'node app', args);
    l.onCleanup(async () => {
      proc.kill('SIGTERM');
      await proc.waitExit(5_000);
    });
    await proc.waitEvent('ready', 10_000);
    return proc;
  },
};

const GUNICORN: AppCase = {
  app: 'gunicorn',
  // keepalive: 2 s by default (gunicorn/config.py, class Keepalive, default = 2; Debian's 20.1.0).
  // The gthread worker closes expired keep-alive connections in murder_keepalived(), after each
  // poller.select(1.0) of its main loop (gunicorn/workers/gthread.py): up to 1 s late.
  closes: (d) => [d, d + 1],
  async start(l, appServer) {
    // The defaults: the gthread worker (the sync worker, gunicorn's default, closes after every
    // response: no keep-alive at all) and nothing else. The plan: the emitted gunicorn.conf.py as is.
    const config =
      appServer === undefined ? ['--worker-class', 'gthread'] : ['--config', l.file('gunicorn.conf.py', appServer)];
    const argv = [
      '/usr/bin/gunicorn',
      ...config,
      '--bind',
      `${ADDRESSES.server}:${APP_PORT}`,
      '--workers',
      '1',
      '--chdir',
      appHelper(''),
      'wsgi_app:app',
    ];
    const proc = nsSpawn(l.topo.server, 'gunicorn', argv);
    l.onCleanup(async () => {
      proc.kill('SIGTERM'); // graceful shutdown of the arbiter and its worker
      await proc.waitExit(10_000);
    });
    await proc.waitStderr('Booting worker with pid', 20_000);
    return proc;
  },
};

/** The engine's default keep-alive timeout for the app (s): what the defaults run leaves it at. */
function defaultOf(c: AppCase): number {
  const d = APP_FACTS[c.app].defaultSeconds;
  if (d === undefined) throw new Error(`the engine knows no default keep-alive timeout for ${c.app}`);
  return d;
}

/**
 * The idle gaps: from the earliest a request can meet a closed connection (the app's earliest close less
 * the race window, less one more window as a margin) to the latest (its latest close plus a window), in
 * STEP_S steps.
 */
function gapsFor(c: AppCase): number[] {
  const window = (2 * DELAY_MS) / 1000;
  const [earliest, latest] = c.closes(defaultOf(c));
  const from = earliest - 2 * window;
  const to = latest + window;
  const gaps: number[] = [];
  for (let g = from; g <= to + 1e-9; g += STEP_S) gaps.push(Math.round(g * 1000) / 1000);
  return gaps;
}

/** A second topology beside the test's own (the plan runs while the defaults do), torn down with it. */
async function secondLab(l: Lab): Promise<Lab> {
  const tmp = mkdtempSync(join(tmpdir(), 'kalab-'));
  chmodSync(tmp, 0o755);
  l.onCleanup(() => rmSync(tmp, { recursive: true, force: true }));
  const topo = createTopology();
  l.onCleanup(() => destroyTopology(topo));
  return labOn(topo, tmp, (step) => l.onCleanup(step));
}

async function macOf(ns: string, dev: string): Promise<string> {
  const { stdout } = await execFileP('ip', ['-n', ns, '-j', 'link', 'show', 'dev', dev], { timeout: 10_000 });
  const [link] = JSON.parse(stdout) as { address?: string }[];
  if (link?.address === undefined) throw new Error(`no MAC address for ${dev} in ${ns}`);
  return link.address;
}

/**
 * Latency on the lab's path: the kernel's forwarding off in the middlebox (a drop in its forward hook),
 * and helpers/app/delay_bridge.py forwarding each frame DELAY_MS late instead (pathDelay() checks it).
 */
async function delayPath(l: Lab): Promise<void> {
  loadRuleset(l.topo, [
    'table inet lab {',
    '  chain through {',
    '    type filter hook forward priority 0; policy drop;',
    '  }',
    '}',
  ]);
  const [clientMac, serverMac] = await Promise.all([macOf(l.topo.client, 'vc'), macOf(l.topo.server, 'vs')]);
  const bridge = nsSpawn(l.topo.middlebox, 'delay', [
    PYTHON,
    appHelper('delay_bridge.py'),
    String(DELAY_MS),
    `${l.topo.towardClient}=${clientMac}`,
    `${l.topo.towardServer}=${serverMac}`,
  ]);
  await bridge.waitEvent('ready', 5_000);
}

/**
 * How late the middlebox passed nginx's first SYN to the app, seen by the lab's path witness (in on the
 * client side, out on the server side): the one-way delay the run really had.
 */
function pathDelay(l: Lab): number {
  const syn = l.witness.sentBy('client').find((s) => s.flags === 'S' && s.dst.endsWith(`:${APP_PORT}`));
  const out = syn && l.witness.delivered('server').find((s) => s.flags === 'S' && s.src === syn.src);
  if (syn === undefined || out === undefined)
    throw new Error('the path witness saw no SYN from nginx pass the middlebox');
  return out.t - syn.t;
}

interface Tally {
  readonly requests: number;
  /** The one-way delay the middlebox added, measured (s). */
  readonly delayS: number;
  /** Every answer; `gap` is null for the first request and for a recovery (post_pattern.py). */
  readonly answered: readonly { i: number; gap: number | null; code: number; recovery: boolean }[];
  readonly errors: readonly string[];
  /** nginx's upstream connections the app saw requests on (peer ports). */
  readonly connections: number;
  /** What nginx logged for the 502s (its error lines, shortened). */
  readonly reasons: readonly string[];
  /** The app's keep-alive settings as it read them, where it reports them (Node: ms). */
  readonly settings: Readonly<Record<string, unknown>> | undefined;
}

/** One run: the delayed path, the app, nginx with `site`, then the pattern; its tally. */
async function runPattern(
  l: Lab,
  c: AppCase,
  site: string,
  appServer: string | undefined,
  gaps: readonly number[],
): Promise<Tally> {
  await delayPath(l);
  const app = await c.start(l, appServer);
  const nginx = await startNginx(l, l.topo.client, site);
  const client = nsSpawn(l.topo.client, 'requests', [
    PYTHON,
    appHelper('post_pattern.py'),
    '127.0.0.1',
    String(NGINX_PORT),
    String(REQUEST_TIMEOUT_S),
    ...gaps.map(String),
  ]);
  const budgetMs = (gaps.reduce((a, b) => a + b, 0) + (gaps.length + 1) * REQUEST_TIMEOUT_S) * 1000;
  const done = await client.waitEvent('done', budgetMs);
  const answered = client.events
    .filter((e) => e.event === 'answer')
    .map((e) => ({
      i: Number(e.i),
      gap: typeof e.gap === 'number' ? e.gap : null,
      code: Number(e.code),
      recovery: e.recovery === true,
    }));
  const errors = client.events
    .filter((e) => e.event === 'error')
    .map((e) => `request ${String(e.i)}: ${String(e.message)}`);
  const requestPorts = new Set(app.events.filter((e) => e.event === 'request').map((e) => Number(e.port)));
  // nginx logs each upstream error before it answers 502 ("... while reading response header from upstream").
  const reasons = await until('nginx error lines for the 502s', 5_000, () => {
    const lines = nginx.stderr
      .filter((line) => line.includes('[error]'))
      .map((line) => /\*\d+ (.*?), client:/.exec(line)?.[1] ?? line);
    return lines.length >= answered.filter((a) => a.code === 502).length ? lines : undefined;
  });
  return {
    requests: Number(done.n),
    delayS: pathDelay(l),
    answered,
    errors,
    connections: requestPorts.size,
    reasons,
    settings: app.events.find((e) => e.event === 'ready'),
  };
}

const count502 = (t: Tally): number => t.answered.filter((a) => a.code === 502).length;
const summary = (t: Tally): string =>
  `${count502(t)}/${t.requests} 502, ${t.answered.filter((a) => a.code === 200).length} answered 200, ${t.errors.length} without an answer; ` +
  `${t.connections} upstream connection(s); 502 at gaps ${
    t.answered
      .filter((a) => a.code === 502)
      .map((a) => (a.recovery ? 'a recovery' : `${a.gap ?? 0} s`))
      .join(', ') || 'none'
  }` +
  (t.reasons.length > 0 ? `; nginx: ${[...new Set(t.reasons)].join(' / ')}` : '') +
  `; path delay ${(t.delayS * 1000).toFixed(0)} ms`;

const BASE = `v=1&target=nginx&nginx_form=site&upstream=${ADDRESSES.server}:${APP_PORT}`;

/**
 * One app: the defaults on `defaultsLab` and the plan on `planLab`, at the same time, over the same
 * pattern; records both rows, then asserts.
 */
async function appScenario(c: AppCase, defaultsLab: Lab, planLab: Lab): Promise<void> {
  const gaps = gapsFor(c);
  const defaultsQuery = BASE;
  const planQuery = `${BASE}&app=${c.app}`;
  const [defaults, plan] = await Promise.all([engine(defaultsQuery), engine(planQuery)]);
  // The defaults' side, checked against the engine: no app-server snippet, and nginx's own pool timeout.
  expect(
    defaults.snippets.map((s) => s.id),
    'no app-server snippet without app',
  ).not.toContain('app-server');
  const defaultsSite = snippet(defaults, 'nginx-conf');
  expect(defaultsSite, "the defaults' upstream keepalive_timeout is nginx's own").toMatch(
    new RegExp(`^\\s*keepalive_timeout ${NGINX_DEFAULT_TIMEOUT}s;`, 'm'),
  );
  const values = run(planQuery).plan.values;
  const appKeepalive = values.appKeepalive;
  const poolTimeout = values.nginxPoolTimeout;
  if (appKeepalive === undefined || poolTimeout === undefined)
    throw new Error(`${planQuery}: the plan has no appKeepalive or nginxPoolTimeout`);
  // The plan's ordering, and a pattern below both of its timeouts (so one connection can serve it all).
  expect(appKeepalive, 'the app keeps a connection longer than nginx').toBeGreaterThan(poolTimeout);
  expect(Math.max(...gaps), "every gap is below the plan's timeouts").toBeLessThan(poolTimeout);

  const planSite = snippet(plan, 'nginx-conf');
  expect(planSite, "the plan's upstream keepalive_timeout").toMatch(
    new RegExp(`^\\s*keepalive_timeout ${poolTimeout}s;`, 'm'),
  );

  const [before, after] = await Promise.all([
    runPattern(defaultsLab, c, defaultsSite, undefined, gaps),
    runPattern(planLab, c, planSite, snippet(plan, 'app-server'), gaps),
  ]);
  console.log(
    `[lab] 12 ${c.app}: defaults ${count502(before)}/${before.requests} 502, plan ${count502(after)}/${after.requests} 502`,
  );
  const pattern = `${gaps.length + 1} POSTs, gaps ${gaps[0] ?? 0}-${gaps.at(-1) ?? 0} s by ${STEP_S} s, ${DELAY_MS} ms each way`;
  await checkOutcome(
    {
      scenario: `12 ${c.app}, defaults (nginx keepalive_timeout ${NGINX_DEFAULT_TIMEOUT} s, app ${defaultOf(c)} s)`,
      query: defaultsQuery,
      layer: `nginx -> ${c.app} 502s`,
      expected: 'some 502',
      note: pattern,
    },
    async () => ({ observed: count502(before) > 0 ? 'some 502' : 'no 502', note: summary(before) }),
  );
  await checkOutcome(
    {
      scenario: `12 ${c.app}, the plan (nginx keepalive_timeout ${poolTimeout} s, app ${appKeepalive} s)`,
      query: planQuery,
      layer: `nginx -> ${c.app} 502s`,
      expected: 'no 502',
      note: pattern,
    },
    async () => ({ observed: count502(after) === 0 ? 'no 502' : 'some 502', note: summary(after) }),
  );
  if (c.app === 'node') {
    // node_app.mjs reports the server's own values once the snippet ran (ms).
    expect(before.settings?.keepAliveTimeout, "Node's own keepAliveTimeout is the engine's default").toBe(
      defaultOf(c) * 1000,
    );
    expect(after.settings?.keepAliveTimeout, 'keepAliveTimeout after the app-server snippet').toBe(appKeepalive * 1000);
  }
  // The latency the race window was sized for (DELAY_MS), within 20 ms (a Python loop's wake-up).
  for (const t of [before, after]) expect(t.delayS * 1000, 'the path delay').toBeGreaterThanOrEqual(DELAY_MS - 1);
  for (const t of [before, after]) expect(t.delayS * 1000, 'the path delay').toBeLessThanOrEqual(DELAY_MS + 20);
  expect(before.errors, 'every request of the defaults run was answered').toEqual([]);
  expect(after.errors, 'every request of the plan run was answered').toEqual([]);
  expect(
    after.answered.map((a) => a.code),
    'the plan: every request answered 200',
  ).toEqual(Array<number>(after.requests).fill(200));
  // Keep-alive really worked under the plan: the app saw every request on one pooled connection.
  expect(after.connections, 'the plan: one upstream connection for the whole pattern').toBe(1);
}

/** Runs every scenario to its end (each records its rows), then fails with every failure's message. */
async function allOf(scenarios: readonly Promise<void>[]): Promise<void> {
  const settled = await Promise.allSettled(scenarios);
  const failed = settled
    .filter((s): s is PromiseRejectedResult => s.status === 'rejected')
    .map((s): unknown => s.reason);
  if (failed.length === 1) throw failed[0];
  if (failed.length > 1)
    throw new Error(failed.map((e) => (e instanceof Error ? e.message : String(e))).join('\n---\n'));
}

const APPS = [NODE, GUNICORN] as const;
const longest = Math.max(...APPS.map((c) => gapsFor(c).reduce((a, b) => a + b, 0)));

describe('12 nginx -> app keep-alive ordering', () => {
  const lab = useLab();

  // Both apps, each with its defaults and its plan: four topologies at once (the file's wall time).
  it(
    `12 ${APPS.map((c) => c.app).join(' and ')}: 502s with the defaults, none with the plan (POSTs with gaps around the app's timeout, ${DELAY_MS} ms each way)`,
    { timeout: (2 * longest + 120) * 1000 },
    async () => {
      const l = await lab();
      const labs = [l, await secondLab(l), await secondLab(l), await secondLab(l)];
      await allOf(APPS.map((c, i) => appScenario(c, labs[2 * i] ?? l, labs[2 * i + 1] ?? l)));
    },
  );
});
