import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAllDaemons } from './harness/daemon';
import { casesFor, distinctSnippets, label } from './harness/engine';
import { describe as why } from './harness/exec';
import { psqlProbe } from './harness/libpq';
import {
  normalise,
  parseConf,
  PG_SINCE,
  PG_UNITS,
  plannedPg,
  settingsAgree,
  type SettingCheck,
} from './harness/pg-settings';
import { initPostgres, postgresC, type PgServer } from './harness/postgres';
import { record } from './harness/results';
import { describeReading, keepaliveMatches } from './harness/ss';
import { cleanupTempDirs } from './harness/tmp';

let server: PgServer;
beforeAll(async () => {
  server = await initPostgres();
});
afterAll(async () => {
  await stopAllDaemons();
  cleanupTempDirs();
});

const distinct = distinctSnippets('postgresql-conf', casesFor('postgres'));

describe('PostgreSQL reads every generated postgresql.conf (postgres -C, then a real server over TCP)', () => {
  it('has generated snippets to check', () => expect(distinct.length).toBeGreaterThan(5));
  for (const d of distinct) {
    it(label(d), async () => {
      const emitted = parseConf(d.snippet.text);
      const names = [...emitted.keys()];
      const unknown = names.filter((n) => PG_UNITS[n] === undefined);
      const tooNew = d.cases.flatMap((c) =>
        names
          .filter((n) => (PG_SINCE[n] ?? 99) > c.result.input.postgres)
          .map((n) => `${n} on PostgreSQL ${c.result.input.postgres}`),
      );
      const c = await postgresC(d.snippet.text, names);
      const start = c.ok ? await server.start(d.snippet.text) : { ok: false, log: 'not started: postgres -C failed' };
      const probe = start.ok ? await psqlProbe('', server.port, names) : undefined;
      const viaC: SettingCheck[] = [];
      const viaShow: SettingCheck[] = [];
      for (const [i, name] of names.entries()) {
        for (const k of d.cases) {
          const base = {
            name,
            emitted: normalise(name, emitted.get(name) ?? ''),
            planned: plannedPg(name, k.result.plan.values),
          };
          viaC.push({ ...base, shown: normalise(name, c.values.get(name) ?? '') });
          viaShow.push({ ...base, shown: normalise(name, probe?.shown[i] ?? '') });
        }
      }
      const idle = normalise('tcp_keepalives_idle', emitted.get('tcp_keepalives_idle') ?? '');
      const timerOk = probe?.server !== undefined && keepaliveMatches(probe.server, idle, probe.ageSec);
      const accepted = c.ok && start.ok && probe?.code === 0;
      const readBack = settingsAgree(viaC) && settingsAgree(viaShow) && timerOk;
      record({ daemon: 'PostgreSQL', kind: 'generated', label: label(d), accepted, readBack });
      expect(unknown, 'settings without a known unit').toEqual([]);
      expect(tooNew, 'settings older majors do not know').toEqual([]);
      expect(c.ok, c.failure && why(c.failure)).toBe(true);
      expect(start.ok, start.log).toBe(true);
      expect(probe?.code, probe?.stderr).toBe(0);
      expect(
        viaC.filter((x) => x.shown !== x.emitted || (x.planned !== undefined && x.planned !== x.emitted)),
        'postgres -C vs snippet vs plan',
      ).toEqual([]);
      expect(
        viaShow.filter((x) => x.shown !== x.emitted),
        'SHOW over TCP vs snippet',
      ).toEqual([]);
      expect(timerOk, probe?.server ? describeReading(probe.server) : 'no server socket').toBe(true);
    });
  }
});

describe('PostgreSQL harness', () => {
  it('reads units the way PostgreSQL prints them', () => {
    expect(normalise('client_connection_check_interval', '20s')).toBe(20000);
    expect(normalise('tcp_keepalives_idle', '4min')).toBe(240);
    expect(normalise('tcp_keepalives_count', '5')).toBe(5);
    expect(parseConf("# c\ntcp_user_timeout = 340000  # ms\nx = 'a'\n")).toEqual(
      new Map([
        ['tcp_user_timeout', '340000'],
        ['x', 'a'],
      ]),
    );
  });

  it('rejects tcp_keepalives_idle = 1.5s (postgres -C and server start)', async () => {
    const bad = 'tcp_keepalives_idle = 1.5s\n';
    const c = await postgresC(bad, ['tcp_keepalives_idle']);
    const s = await server.start(bad);
    record({
      daemon: 'PostgreSQL',
      kind: 'broken',
      label: 'tcp_keepalives_idle = 1.5s',
      accepted: c.ok || s.ok,
      readBack: null,
    });
    expect(c.ok).toBe(false);
    expect(s.ok).toBe(false);
  });

  it('rejects a misspelled setting name', async () => {
    const c = await postgresC('tcp_keepalive_idle = 60\n', ['tcp_keepalives_idle']);
    record({
      daemon: 'PostgreSQL',
      kind: 'broken',
      label: 'tcp_keepalive_idle = 60 (misspelled)',
      accepted: c.ok,
      readBack: null,
    });
    expect(c.ok).toBe(false);
  });

  it('a server timer that disagrees with the plan is caught', async () => {
    const s = await server.start('tcp_keepalives_idle = 61\n');
    expect(s.ok, s.log).toBe(true);
    const p = await psqlProbe('', server.port, ['tcp_keepalives_idle']);
    expect(p.shown).toEqual(['61']);
    expect(p.server && keepaliveMatches(p.server, 61, p.ageSec), p.server && describeReading(p.server)).toBe(true);
    expect(p.server && keepaliveMatches(p.server, 120, p.ageSec)).toBe(false);
  });
});
