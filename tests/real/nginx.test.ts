import { afterAll, describe, expect, it } from 'vitest';
import { stopAllDaemons } from './harness/daemon';
import { casesFor, distinctSnippets, label, type Case, type Distinct } from './harness/engine';
import { describe as why } from './harness/exec';
import { nginxTest } from './harness/nginx';
import { compare, installedNginx, listenOn, NGINX_SINCE, soKeepalive } from './harness/nginx-facts';
import { placeMerge } from './harness/nginx-merge';
import { proxyRun } from './harness/nginx-run';
import { sparePort } from './harness/ports';
import { record } from './harness/results';
import { describeReading, keepaliveMatches } from './harness/ss';
import { cleanupTempDirs } from './harness/tmp';

afterAll(async () => {
  await stopAllDaemons();
  cleanupTempDirs();
});

const installed = await installedNginx();
const [listenPort, upstreamPort] = [await sparePort(), await sparePort()];
// Both forms: lines merged into a user's own blocks (the default) and the new site (nginx_form=site).
const cases = [
  ...casesFor('nginx', `upstream=127.0.0.1:${upstreamPort}`),
  ...casesFor('nginx', `upstream=127.0.0.1:${upstreamPort}&nginx_form=site`),
];
const isMerge = (d: Distinct): boolean => d.cases[0]?.result.input.nginx_form === 'merge';
/** What nginx reads: the merge form placed into a user's configuration, the site form as it is. */
const forTest = (d: Distinct): string =>
  isMerge(d) ? placeMerge(d.snippet.text, listenPort, upstreamPort) : d.snippet.text;
const forProxy = (d: Distinct): string =>
  isMerge(d) ? placeMerge(d.snippet.text, listenPort, upstreamPort) : listenOn(d.snippet.text, listenPort);
const parseable = (c: Case): boolean => compare(c.result.input.nginx, installed) <= 0;
const REQUESTS = 5;
/** Labels without the random upstream port, so results.md stays the same from run to run. */
const name = (d: Distinct): string => label(d).replace(`&upstream=127.0.0.1:${upstreamPort}`, '');

describe('both forms are generated', () => {
  it('merge by default, the new site only with nginx_form=site', () => {
    const all = distinctSnippets('nginx-conf', cases);
    expect(all.filter(isMerge).length).toBeGreaterThan(3);
    expect(all.filter((d) => !isMerge(d)).length).toBeGreaterThan(3);
    for (const d of all.filter(isMerge)) expect(d.snippet.text).not.toMatch(/^\s*(upstream|server|location)\b.*\{$/m);
  });
});

describe(`nginx ${installed.join('.')} -t accepts every generated nginx-conf for versions up to it`, () => {
  const distinct = distinctSnippets('nginx-conf', cases.filter(parseable));
  it('has generated snippets to check', () => expect(distinct.length).toBeGreaterThan(3));
  for (const d of distinct) {
    it(name(d), async () => {
      const r = await nginxTest(forTest(d));
      record({ daemon: 'nginx', kind: 'generated', label: `${name(d)} (nginx -t)`, accepted: r.ok, readBack: null });
      expect(r.ok, why(r)).toBe(true);
    });
  }
});

describe('snippets for nginx newer than installed: accepted, or refused only for directives newer than installed', () => {
  const distinct = distinctSnippets(
    'nginx-conf',
    cases.filter((c) => !parseable(c)),
  );
  for (const d of distinct) {
    it(name(d), async () => {
      const r = await nginxTest(forTest(d));
      const unknown = /unknown directive "(\w+)"/.exec(r.stderr)?.[1];
      const newer = unknown !== undefined && compare(NGINX_SINCE[unknown] ?? [0], installed) > 0;
      if (r.ok)
        record({
          daemon: 'nginx',
          kind: 'generated',
          label: `${name(d)} (nginx -t, newer branch)`,
          accepted: true,
          readBack: null,
        });
      expect(r.ok || newer, why(r)).toBe(true);
    });
  }
});

describe('a real nginx pools upstream connections and arms listen so_keepalive as planned', () => {
  const distinct = distinctSnippets('nginx-conf', cases.filter(parseable));
  for (const d of distinct) {
    it(name(d), async () => {
      const run = await proxyRun(forProxy(d), listenPort, upstreamPort, REQUESTS);
      const so = soKeepalive(d.snippet.text);
      const accepted = run.clientSockets.find((s) => s.local.endsWith(`:${listenPort}`));
      const pooled = d.cases.map((c) => c.result.plan.values.nginxPoolTimeout !== undefined);
      const expectedConnections = pooled.map((p) => (p ? 1 : REQUESTS));
      const soOk =
        d.cases.every((c) => so?.idle === c.result.plan.values.keepalive.idle) &&
        accepted !== undefined &&
        so !== undefined &&
        keepaliveMatches(accepted, so.idle, 2);
      const readBack = expectedConnections.every((n) => n === run.upstreamConnections) && soOk;
      record({
        daemon: 'nginx',
        kind: 'generated',
        label: `${name(d)} (running proxy)`,
        accepted: run.started && run.statuses.every((s) => s === 200),
        readBack,
      });
      expect(run.started, run.log).toBe(true);
      expect(run.statuses).toEqual(Array<number>(REQUESTS).fill(200));
      expect(new Set(expectedConnections)).toEqual(new Set([run.upstreamConnections]));
      expect(soOk, `so_keepalive ${JSON.stringify(so)}; ${run.clientSockets.map(describeReading).join('; ')}`).toBe(
        true,
      );
    });
  }
});

describe('nginx harness', () => {
  it("places each merge group into the block its heading names, the listen parameters on the user's listen", () => {
    const conf = placeMerge(
      '# x\n\n# In your upstream { } block (the one your proxy_pass names), beside its server lines:\nkeepalive 16;\n\n# In your server { } block: so_keepalive on its existing listen line (keep your address, ssl and other parameters):\nlisten 80 so_keepalive=61:7:3;\n\n# In the location { } block that holds your proxy_pass:\nproxy_socket_keepalive on;\n',
      8081,
      9000,
    );
    expect(conf).toMatch(/upstream app \{\n {4}server 127\.0\.0\.1:9000;\n {4}keepalive 16;\n\}/);
    expect(conf).toMatch(/\n {4}listen 127\.0\.0\.1:8081 so_keepalive=61:7:3;\n/);
    expect(conf).toMatch(/proxy_pass http:\/\/app;\n {8}proxy_socket_keepalive on;\n/);
    expect(conf).not.toMatch(/listen 80/);
  });

  it('a merge group pasted outside its block is refused: keepalive in a location', async () => {
    const conf = placeMerge(
      '# In your upstream { } block (the one your proxy_pass names), beside its server lines:\n\n# In your server { } block: so_keepalive on its existing listen line (keep your address, ssl and other parameters):\nlisten 80 so_keepalive=61:7:3;\n\n# In the location { } block that holds your proxy_pass:\nkeepalive 16;\n',
      listenPort,
      upstreamPort,
    );
    const r = await nginxTest(conf);
    expect(r.ok).toBe(false);
    expect(r.stderr).toMatch(/"keepalive" directive is not allowed here/);
  });

  it('moves listen to loopback and keeps its parameters', () => {
    expect(listenOn('    listen 80 so_keepalive=240:20:5;\n', 8081)).toBe(
      '    listen 127.0.0.1:8081 so_keepalive=240:20:5;\n',
    );
    expect(soKeepalive('listen 80 so_keepalive=240s:20s:5;')).toEqual({ idle: 240, interval: 20, count: 5 });
  });

  it('counts one upstream connection with pooling and one per request without', async () => {
    const conf = (http11: boolean): string =>
      `upstream app {\n    server 127.0.0.1:${upstreamPort};\n    keepalive 8;\n}\nserver {\n    listen 127.0.0.1:${listenPort} so_keepalive=61:7:3;\n    location / {\n        proxy_pass http://app;\n${http11 ? '        proxy_http_version 1.1;\n        proxy_set_header Connection "";\n' : ''}    }\n}\n`;
    const pooled = await proxyRun(conf(true), listenPort, upstreamPort, REQUESTS);
    const plain = await proxyRun(conf(false), listenPort, upstreamPort, REQUESTS);
    expect(pooled.upstreamConnections).toBe(1);
    expect(plain.upstreamConnections).toBe(REQUESTS);
    const s = pooled.clientSockets.find((x) => x.local.endsWith(`:${listenPort}`));
    expect(s && keepaliveMatches(s, 61, 2), pooled.clientSockets.map(describeReading).join('; ')).toBe(true);
  });

  it('rejects the upstream-only keepalive in the http context', async () => {
    // keepalive_time itself is valid in http {} (client connections, 1.19.10), so use the upstream-only keepalive.
    const r = await nginxTest('keepalive 32;\n');
    record({ daemon: 'nginx', kind: 'broken', label: 'keepalive 32; in http {}', accepted: r.ok, readBack: null });
    expect(r.ok).toBe(false);
    expect(r.stderr).toMatch(/"keepalive" directive is not allowed here/);
  });

  it('rejects an unknown directive', async () => {
    const r = await nginxTest('upstream app {\n    server 127.0.0.1:1;\n    keepalive_idle 60s;\n}\n');
    record({
      daemon: 'nginx',
      kind: 'broken',
      label: 'keepalive_idle 60s; (unknown directive)',
      accepted: r.ok,
      readBack: null,
    });
    expect(r.ok).toBe(false);
    expect(r.stderr).toMatch(/unknown directive "keepalive_idle"/);
  });
});
