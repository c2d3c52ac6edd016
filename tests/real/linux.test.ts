import { afterAll, describe, expect, it } from 'vitest';
import { allCases, distinctSnippets, label, type Distinct } from './harness/engine';
import { composeSysctls, dockerSysctls, kubernetesSysctls, parseSysctlFile } from './harness/containers';
import { sysctlInNetns } from './harness/netns';
import { record } from './harness/results';
import { cleanupTempDirs } from './harness/tmp';
import type { Keepalive } from '../../lib/types';

afterAll(() => cleanupTempDirs());

const cases = allCases();
const KEYS = ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];

/** The three kernel values of the plan, keyed by sysctl name (FACTS.md section 1). */
function planned(k: Keepalive): Map<string, string> {
  return new Map([
    ['net.ipv4.tcp_keepalive_time', String(k.idle)],
    ['net.ipv4.tcp_keepalive_intvl', String(k.interval)],
    ['net.ipv4.tcp_keepalive_probes', String(k.count)],
  ]);
}

function disagreements(d: Distinct, got: ReadonlyMap<string, string>): string[] {
  return d.cases.flatMap((c) =>
    [...planned(c.result.plan.values.keepalive)]
      .filter(([k, v]) => got.get(k) !== v)
      .map(([k, v]) => `${c.query}: ${k} planned ${v}, got ${got.get(k) ?? 'nothing'}`),
  );
}

describe('every generated sysctl file applies in a fresh network namespace and reads back', () => {
  const distinct = distinctSnippets('sysctl', cases);
  it('has generated snippets to check', () => expect(distinct.length).toBeGreaterThan(5));
  // The tcp_retries2 lever (lib/timeline/warnings.ts): a goal that needs it puts it in the file, read back below.
  it('has generated snippets that set net.ipv4.tcp_retries2', () =>
    expect(distinct.filter((d) => parseSysctlFile(d.snippet.text).has('net.ipv4.tcp_retries2')).length).toBeGreaterThan(
      2,
    ));
  for (const d of distinct) {
    it(label(d), async () => {
      const emitted = parseSysctlFile(d.snippet.text);
      const r = await sysctlInNetns(d.snippet.text, [...new Set([...KEYS, ...emitted.keys()])]);
      const notRead = [...emitted]
        .filter(([k, v]) => r.values.get(k) !== v)
        .map(([k, v]) => `${k}: emitted ${v}, read ${r.values.get(k) ?? 'nothing'}`);
      const problems = [...notRead, ...disagreements(d, r.values)];
      record({
        daemon: 'Linux sysctl',
        kind: 'generated',
        label: label(d),
        accepted: r.apply.code === 0 && r.apply.stderr === '',
        readBack: problems.length === 0,
      });
      expect(r.apply.code, r.apply.stderr).toBe(0);
      expect(r.apply.stderr).toBe('');
      expect(problems).toEqual([]);
    });
  }
});

describe('container snippets parse and carry the planned sysctls', () => {
  const checks = [
    ['kubernetes', kubernetesSysctls],
    ['compose', composeSysctls],
    ['docker', dockerSysctls],
  ] as const;
  for (const [id, check] of checks) {
    const distinct = distinctSnippets(id, cases);
    it(`has generated ${id} snippets to check`, () => expect(distinct.length).toBeGreaterThan(5));
    for (const d of distinct) {
      it(label(d), () => {
        const r = check(d.snippet.text);
        const problems = disagreements(d, r.sysctls);
        record({
          daemon: 'Containers (k8s, compose, docker)',
          kind: 'generated',
          label: label(d),
          accepted: r.errors.length === 0,
          readBack: problems.length === 0,
        });
        expect(r.errors).toEqual([]);
        expect(problems).toEqual([]);
      });
    }
  }
});

describe('Linux harness', () => {
  it('a fresh namespace starts from the compiled-in defaults (7200/75/9)', async () => {
    const r = await sysctlInNetns('', KEYS);
    expect(KEYS.map((k) => r.values.get(k))).toEqual(['7200', '75', '9']);
  });

  it('rejects a sysctl file with a bad key', async () => {
    const r = await sysctlInNetns('net.ipv4.tcp_keepalive_idle = 60\n', KEYS);
    record({
      daemon: 'Linux sysctl',
      kind: 'broken',
      label: 'net.ipv4.tcp_keepalive_idle = 60',
      accepted: r.apply.code === 0,
      readBack: null,
    });
    expect(r.apply.code).not.toBe(0);
    expect(r.apply.stderr).toMatch(/tcp_keepalive_idle/);
  });

  it('rejects Kubernetes sysctls with numeric values, compose without sysctls, docker with --network=host', () => {
    const k = kubernetesSysctls(
      'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    sysctls:\n      - name: net.ipv4.tcp_keepalive_time\n        value: 60\n',
    );
    const c = composeSysctls('services:\n  app:\n    image: x\n');
    const dk = dockerSysctls('docker run --network=host --sysctl net.ipv4.tcp_keepalive_time=60 img\n');
    record({
      daemon: 'Containers (k8s, compose, docker)',
      kind: 'broken',
      label: 'pod sysctl value: 60 (number)',
      accepted: k.errors.length === 0,
      readBack: null,
    });
    record({
      daemon: 'Containers (k8s, compose, docker)',
      kind: 'broken',
      label: 'compose service without sysctls',
      accepted: c.errors.length === 0,
      readBack: null,
    });
    record({
      daemon: 'Containers (k8s, compose, docker)',
      kind: 'broken',
      label: 'docker run --network=host --sysctl',
      accepted: dk.errors.length === 0,
      readBack: null,
    });
    expect(k.errors.join()).toMatch(/must be a string/);
    expect(c.errors.join()).toMatch(/no sysctls/);
    expect(dk.errors.join()).toMatch(/network=host/);
  });
});
