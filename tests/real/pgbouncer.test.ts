import { describe, expect, it } from 'vitest';
import { casesFor, distinctSnippets, label } from './harness/engine';
import { parseOptionFile } from './harness/mysql8-names';
import { probeLegs, runPgbouncer, wrapIni } from './harness/pgbouncer';
import { postgresForFile } from './harness/postgres';
import { record } from './harness/results';
import { describeReading, keepaliveMatches } from './harness/ss';
import type { Values } from '../../lib/types';

const server = postgresForFile();

/** SHOW CONFIG values the plan fixes (pgbouncer.ini: tcp_keepalive, tcp_keep*, tcp_user_timeout; FACTS.md section 4). */
function planned(values: Values): Map<string, string> {
  return new Map([
    ['tcp_keepalive', '1'],
    ['tcp_keepidle', String(values.keepalive.idle)],
    ['tcp_keepintvl', String(values.keepalive.interval)],
    ['tcp_keepcnt', String(values.keepalive.count)],
    ['tcp_user_timeout', String(values.userTimeoutMs ?? 0)],
  ]);
}

const distinct = distinctSnippets('pgbouncer-ini', casesFor('postgres'));

describe('pgbouncer starts with every generated pgbouncer.ini and both legs carry the timers', () => {
  it('has generated snippets to check', () => expect(distinct.length).toBeGreaterThan(5));
  for (const d of distinct) {
    it(label(d), async () => {
      const r = await runPgbouncer(d.snippet.text, server.port, (port) => probeLegs(port, server.port));
      const emitted = new Map(parseOptionFile(d.snippet.text).map((e) => [e.key, e.value]));
      const shownVsEmitted = [...emitted]
        .filter(([k, v]) => r.config.get(k) !== v)
        .map(([k, v]) => `${k}: emitted ${v}, SHOW CONFIG ${r.config.get(k) ?? 'nothing'}`);
      const vsPlan = d.cases.flatMap((c) =>
        [...planned(c.result.plan.values)]
          .filter(([k, v]) => r.config.get(k) !== v)
          .map(([k, v]) => `${k}: planned ${v}, SHOW CONFIG ${r.config.get(k) ?? 'nothing'}`),
      );
      const legs = r.during;
      const idle = Number(emitted.get('tcp_keepidle'));
      const timersOk =
        legs !== undefined &&
        [legs.clientLeg, legs.serverLeg].every((leg) => leg !== undefined && keepaliveMatches(leg, idle, legs.ageSec));
      record({
        daemon: 'pgbouncer',
        kind: 'generated',
        label: label(d),
        accepted: r.ok && legs?.code === 0,
        readBack: shownVsEmitted.length === 0 && vsPlan.length === 0 && timersOk,
      });
      expect(r.ok, r.log).toBe(true);
      expect(legs?.code, legs?.stderr).toBe(0);
      expect(shownVsEmitted).toEqual([]);
      expect(vsPlan).toEqual([]);
      expect(
        timersOk,
        [legs?.clientLeg, legs?.serverLeg].map((l) => (l ? describeReading(l) : 'missing')).join('; '),
      ).toBe(true);
    });
  }
});

describe('pgbouncer harness', () => {
  it("keeps the wrapper keys inside the snippet's own [pgbouncer] section", () => {
    const ini = wrapIni('; header\n[pgbouncer]\ntcp_keepidle = 61\n', '/d', 1, 2);
    expect(ini.match(/^\[pgbouncer\]$/gm)).toHaveLength(1);
    expect(ini.indexOf('listen_port = 1')).toBeLessThan(ini.indexOf('tcp_keepidle = 61'));
  });

  it('appends a keys-only snippet to an existing [pgbouncer] section, as a user pastes it', () => {
    const ini = wrapIni('# keys of [pgbouncer]\ntcp_keepidle = 61\n', '/d', 1, 2);
    expect(ini.match(/^\[pgbouncer\]$/gm)).toHaveLength(1);
    expect(ini.indexOf('[pgbouncer]')).toBeLessThan(ini.indexOf('listen_port = 1'));
    expect(ini.indexOf('listen_port = 1')).toBeLessThan(ini.indexOf('tcp_keepidle = 61'));
  });

  it('every generated snippet is keys only: no section head, the section named in a comment', () => {
    for (const d of distinct) {
      expect(d.snippet.text).not.toMatch(/^\s*\[/m);
      expect(d.snippet.text).toMatch(/^# Keys of the \[pgbouncer\] section/m);
    }
  });

  // Measured on 1.18: a second [pgbouncer] section starts from the defaults again.
  it("a second [pgbouncer] section discards the first one's keys", async () => {
    const r = await runPgbouncer('[pgbouncer]\ntcp_keepidle = 61\n[pgbouncer]\ntcp_keepintvl = 7\n', server.port);
    expect(r.ok, r.log).toBe(true);
    expect(r.config.get('tcp_keepintvl')).toBe('7');
    expect(r.config.get('tcp_keepidle')).toBe('0');
  });

  it('refuses to start with tcp_keepidle = 30s', async () => {
    const r = await runPgbouncer('[pgbouncer]\ntcp_keepalive = 1\ntcp_keepidle = 30s\n', server.port);
    record({ daemon: 'pgbouncer', kind: 'broken', label: 'tcp_keepidle = 30s', accepted: r.ok, readBack: null });
    expect(r.ok).toBe(false);
    expect(r.log).toMatch(/invalid value "30s" for parameter tcp_keepidle/);
  });
});
