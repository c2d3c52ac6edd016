import { describe, expect, it } from 'vitest';
import { casesFor, distinctSnippets, label } from './harness/engine';
import { psqlProbe } from './harness/libpq';
import { conninfoOf, keywords } from './harness/libpq-conninfo';
import { postgresForFile } from './harness/postgres';
import { record } from './harness/results';
import { describeReading, keepaliveMatches } from './harness/ss';
import type { Values } from '../../lib/types';

const server = postgresForFile();

/** libpq keywords the plan fixes (libpq-connect #LIBPQ-KEEPALIVES; FACTS.md section 4). */
function planned(values: Values): Map<string, string> {
  const m = new Map([
    ['keepalives', '1'],
    ['keepalives_idle', String(values.keepalive.idle)],
    ['keepalives_interval', String(values.keepalive.interval)],
    ['keepalives_count', String(values.keepalive.count)],
  ]);
  if (values.userTimeoutMs !== undefined) m.set('tcp_user_timeout', String(values.userTimeoutMs));
  return m;
}

const distinct = distinctSnippets('libpq', casesFor('postgres'));

describe('psql connects with every generated libpq conninfo and its socket carries the planned timer', () => {
  it('has generated snippets to check', () => expect(distinct.length).toBeGreaterThan(5));
  for (const d of distinct) {
    it(label(d), async () => {
      const conninfo = conninfoOf(d.snippet.text);
      const kw = keywords(conninfo ?? '');
      // host/port/user/dbname are replaced by the local server's (later keywords win in libpq).
      const probe = conninfo === undefined ? undefined : await psqlProbe(conninfo, server.port, ['server_version_num']);
      const mismatches = d.cases.flatMap((c) =>
        [...planned(c.result.plan.values)]
          .filter(([k, v]) => kw.get(k) !== v)
          .map(([k, v]) => `${k}: emitted ${kw.get(k) ?? 'nothing'}, planned ${v}`),
      );
      const idle = Number(kw.get('keepalives_idle'));
      const timerOk = probe?.client !== undefined && keepaliveMatches(probe.client, idle, probe.ageSec);
      record({
        daemon: 'libpq',
        kind: 'generated',
        label: label(d),
        accepted: probe?.code === 0,
        readBack: mismatches.length === 0 && timerOk,
      });
      expect(conninfo, 'a psql "conninfo" line').toBeDefined();
      expect(probe?.code, probe?.stderr).toBe(0);
      expect(mismatches).toEqual([]);
      expect(timerOk, probe?.client ? describeReading(probe.client) : 'no client socket').toBe(true);
    });
  }
});

describe('libpq harness', () => {
  it('rejects keepalives_idle=10s', async () => {
    const p = await psqlProbe('keepalives=1 keepalives_idle=10s', server.port, ['server_version_num']);
    record({
      daemon: 'libpq',
      kind: 'broken',
      label: 'conninfo keepalives_idle=10s',
      accepted: p.code === 0,
      readBack: null,
    });
    expect(p.code).not.toBe(0);
    expect(p.stderr).toMatch(/keepalives_idle/);
  });

  it('the client timer follows keepalives_idle (and a wrong plan would be caught)', async () => {
    const p = await psqlProbe('keepalives=1 keepalives_idle=45', server.port, ['server_version_num']);
    expect(p.client && keepaliveMatches(p.client, 45, p.ageSec), p.client && describeReading(p.client)).toBe(true);
    expect(p.client && keepaliveMatches(p.client, 7200, p.ageSec)).toBe(false);
  });
});
