import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAllDaemons } from './harness/daemon';
import { casesFor, distinctSnippets, label, type Case } from './harness/engine';
import { describe as why } from './harness/exec';
import {
  cnfFile,
  initMariadb,
  mariadbClientHelp,
  mariadbdHelp,
  mariadbDumpHelp,
  mariadbPrintDefaults,
  type MariaServer,
} from './harness/mariadb';
import { mysql8Problems, parseOptionFile } from './harness/mysql8-names';
import { record } from './harness/results';
import { describeReading, keepaliveMatches } from './harness/ss';
import { cleanupTempDirs } from './harness/tmp';
import type { Values } from '../../lib/types';

let server: MariaServer;
beforeAll(async () => {
  server = await initMariadb();
});
afterAll(async () => {
  await stopAllDaemons();
  cleanupTempDirs();
});

const cases = casesFor('mysql');
const isMariadb = (c: Case): boolean => c.result.input.mysql.startsWith('mariadb-');

/** MariaDB server variables the plan fixes (MariaDB >= 10.3.3; FACTS.md section 5). */
function planned(values: Values): Map<string, string> {
  return new Map([
    ['tcp_keepalive_time', String(values.keepalive.idle)],
    ['tcp_keepalive_interval', String(values.keepalive.interval)],
    ['tcp_keepalive_probes', String(values.keepalive.count)],
  ]);
}

const SERVER_GROUPS = new Set(['mysqld', 'mariadb', 'server', 'mariadbd', 'client-server']);
const CLIENT_GROUPS = new Set(['mysql', 'mariadb-client', 'client-mariadb', 'client', 'client-server']);
const dashed = (k: string): string => k.replaceAll('_', '-');

describe('MariaDB accepts every generated my.cnf (option checks, then a real server and its clients)', () => {
  const distinct = distinctSnippets('my-cnf', cases.filter(isMariadb));
  it('has generated snippets to check', () => expect(distinct.length).toBeGreaterThan(3));
  for (const d of distinct) {
    it(label(d), async () => {
      const file = cnfFile(d.snippet.text);
      const entries = parseOptionFile(d.snippet.text);
      const serverVars = entries.filter((e) => SERVER_GROUPS.has(e.group));
      const clientOpts = entries.filter((e) => CLIENT_GROUPS.has(e.group) && e.group !== 'client-server');
      const [help, client, printed, dumpHelp] = await Promise.all([
        mariadbdHelp(file),
        mariadbClientHelp(file),
        mariadbPrintDefaults(file),
        mariadbDumpHelp(file),
      ]);
      const start = help.ok ? await server.start(file) : { ok: false, log: 'not started: --help --verbose failed' };
      const shown = start.ok ? await server.sql('SHOW GLOBAL VARIABLES', file) : undefined;
      const live = new Map(
        (shown?.stdout ?? '')
          .split('\n')
          .map((l): [string, string] => [l.split('\t')[0] ?? '', l.split('\t')[1] ?? '']),
      );
      const dump = start.ok ? await server.dump(file) : undefined;
      const probe = start.ok ? await server.probe(file) : undefined;
      const problems = [
        ...serverVars
          .filter((e) => help.values.get(dashed(e.key)) !== e.value)
          .map((e) => `--help --verbose ${e.key}: ${help.values.get(dashed(e.key)) ?? 'missing'} != ${e.value}`),
        ...serverVars
          .filter((e) => live.get(e.key) !== e.value)
          .map((e) => `SHOW VARIABLES ${e.key}: ${live.get(e.key) ?? 'missing'} != ${e.value}`),
        ...clientOpts
          .filter((e) => client.values.get(dashed(e.key)) !== e.value)
          .map((e) => `mariadb --help ${e.key}: ${client.values.get(dashed(e.key)) ?? 'missing'} != ${e.value}`),
        ...d.cases.flatMap((c) =>
          [...planned(c.result.plan.values)]
            .filter(([k, v]) => live.get(k) !== v)
            .map(([k, v]) => `${c.query}: ${k} planned ${v}, server ${live.get(k) ?? 'missing'}`),
        ),
      ];
      const idle = Number(live.get('tcp_keepalive_time'));
      const timerOk = probe?.server !== undefined && keepaliveMatches(probe.server, idle, probe.ageSec);
      const accepted =
        help.ok &&
        client.ok &&
        printed.ok &&
        dumpHelp.ok &&
        start.ok &&
        shown?.code === 0 &&
        dump?.code === 0 &&
        probe?.code === 0;
      record({
        daemon: 'MariaDB',
        kind: 'generated',
        label: label(d),
        accepted,
        readBack: problems.length === 0 && timerOk,
      });
      expect(help.ok, why(help.result)).toBe(true);
      expect(client.ok, why(client.result)).toBe(true);
      expect(printed.ok, why(printed.result)).toBe(true);
      expect(dumpHelp.ok, why(dumpHelp.result)).toBe(true);
      expect(start.ok, start.log).toBe(true);
      expect(shown?.code, shown && why(shown)).toBe(0);
      expect(dump?.code, dump && why(dump)).toBe(0);
      expect(probe?.code, probe?.stderr).toBe(0);
      expect(problems).toEqual([]);
      expect(timerOk, probe?.server ? describeReading(probe.server) : 'no server socket').toBe(true);
    });
  }
});

describe('Oracle MySQL my.cnf emits nothing MariaDB-only (checked by name)', () => {
  const distinct = distinctSnippets(
    'my-cnf',
    cases.filter((c) => !isMariadb(c)),
  );
  it('has generated snippets to check', () => expect(distinct.length).toBeGreaterThan(0));
  for (const d of distinct) {
    it(label(d), () => {
      const problems = mysql8Problems(d.snippet.text);
      record({
        daemon: 'MySQL 8 (names only)',
        kind: 'generated',
        label: label(d),
        accepted: problems.length === 0,
        readBack: null,
      });
      expect(problems).toEqual([]);
    });
  }
});

describe('MariaDB harness', () => {
  it('rejects read_timeout in [client] (clients complain, the real client aborts)', async () => {
    const file = cnfFile('[client]\nread_timeout = 30\n');
    await server.start(cnfFile('[mysqld]\n'));
    const [c, dump, real] = await Promise.all([
      mariadbClientHelp(file),
      mariadbDumpHelp(file),
      server.sql('SELECT 1', file),
    ]);
    record({
      daemon: 'MariaDB',
      kind: 'broken',
      label: '[client] read_timeout = 30',
      accepted: c.ok || dump.ok || real.code === 0,
      readBack: null,
    });
    expect(c.ok).toBe(false);
    expect(dump.ok).toBe(false);
    expect(real.code).toBe(7);
  });

  it('rejects tcp_keepalive_time = 60s and an out-of-range value in [mysqld]', async () => {
    const suffix = await mariadbdHelp(cnfFile('[mysqld]\ntcp_keepalive_time = 60s\n'));
    const huge = await mariadbdHelp(cnfFile('[mysqld]\ntcp_keepalive_time = 99999999999\n'));
    record({
      daemon: 'MariaDB',
      kind: 'broken',
      label: '[mysqld] tcp_keepalive_time = 60s',
      accepted: suffix.ok,
      readBack: null,
    });
    record({
      daemon: 'MariaDB',
      kind: 'broken',
      label: '[mysqld] tcp_keepalive_time = 99999999999 (adjusted)',
      accepted: huge.ok,
      readBack: null,
    });
    expect(suffix.ok).toBe(false);
    expect(huge.ok).toBe(false);
    expect(huge.result.stderr).toMatch(/adjusted/);
  });

  it('flags MariaDB-only names and [client] timeouts for Oracle MySQL', () => {
    const problems = mysql8Problems('[mysqld]\ntcp_keepalive_time = 60\n[client]\nconnect_timeout = 10\n');
    record({
      daemon: 'MySQL 8 (names only)',
      kind: 'broken',
      label: '[mysqld] tcp_keepalive_time for MySQL 8',
      accepted: problems.length === 0,
      readBack: null,
    });
    expect(problems.join('; ')).toMatch(/MariaDB-only/);
    expect(problems.join('; ')).toMatch(/\[client\] connect_timeout/);
  });
});
