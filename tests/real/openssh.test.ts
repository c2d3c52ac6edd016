import { afterAll, describe, expect, it } from 'vitest';
import { casesFor, distinctSnippets, label, type Distinct } from './harness/engine';
import { describe as why } from './harness/exec';
import { sshdT, sshG, type Effective } from './harness/openssh';
import { record } from './harness/results';
import { hostMatching } from './harness/ssh-hosts';
import { cleanupTempDirs } from './harness/tmp';

afterAll(() => cleanupTempDirs());

const cases = casesFor('ssh');

/** Planned Alive values of every case that produced this snippet, as the daemon prints them. */
function planned(d: Distinct, side: 'serverAlive' | 'clientAlive'): string[] {
  return d.cases.map((c) => {
    const a = c.result.plan.values[side];
    return a ? `${a.interval}/${a.count}` : 'none';
  });
}

function printed(r: Effective, prefix: 'serveralive' | 'clientalive'): string {
  return `${r.options.get(`${prefix}interval`) ?? '?'}/${r.options.get(`${prefix}countmax`) ?? '?'}`;
}

describe('ssh -G reads every generated ssh_config', () => {
  const distinct = distinctSnippets('ssh-config', cases);
  it('has generated snippets to check', () => expect(distinct.length).toBeGreaterThan(5));
  for (const d of distinct) {
    it(label(d), async () => {
      const host = hostMatching(d.cases[0]?.result.input.host ?? '*');
      const r = await sshG(d.snippet.text, host);
      const readBack = planned(d, 'serverAlive').every((p) => p === printed(r, 'serveralive'));
      record({ daemon: 'OpenSSH', kind: 'generated', label: `${label(d)} (ssh -G ${host})`, accepted: r.ok, readBack });
      expect(r.ok, why(r.result)).toBe(true);
      expect(new Set(planned(d, 'serverAlive'))).toEqual(new Set([printed(r, 'serveralive')]));
    });
  }
});

describe('sshd -T reads every generated sshd_config drop-in', () => {
  const distinct = distinctSnippets('sshd-config', cases);
  it('has generated snippets to check', () => expect(distinct.length).toBeGreaterThan(5));
  for (const d of distinct) {
    it(label(d), async () => {
      const r = await sshdT(d.snippet.text);
      const readBack = planned(d, 'clientAlive').every((p) => p === printed(r, 'clientalive'));
      record({ daemon: 'OpenSSH', kind: 'generated', label: `${label(d)} (sshd -T)`, accepted: r.ok, readBack });
      expect(r.ok, why(r.result)).toBe(true);
      expect(new Set(planned(d, 'clientAlive'))).toEqual(new Set([printed(r, 'clientalive')]));
    });
  }
});

describe('OpenSSH harness', () => {
  it('picks a host that the first positive pattern matches', () => {
    expect(hostMatching('*.internal !bastion.internal')).toBe('x.internal');
    expect(hostMatching('!a jump?')).toBe('jumpy');
  });

  it('a host outside the Host pattern does not get the block', async () => {
    const r = await sshG('Host db-*\n    ServerAliveInterval 20\n\nHost *\n    TCPKeepAlive yes\n', 'web-1');
    expect(r.ok, why(r.result)).toBe(true);
    expect(r.options.get('serveraliveinterval')).toBe('0');
  });

  it('rejects a broken ssh_config (ServerAliveInterval 1.5s)', async () => {
    const r = await sshG('Host *\n    ServerAliveInterval 1.5s\n', 'example');
    record({
      daemon: 'OpenSSH',
      kind: 'broken',
      label: 'ssh_config ServerAliveInterval 1.5s',
      accepted: r.ok,
      readBack: null,
    });
    expect(r.ok).toBe(false);
    expect(r.result.stderr).toMatch(/invalid time value/);
  });

  it('rejects a broken sshd drop-in (ClientAliveCountMax -1)', async () => {
    const r = await sshdT('ClientAliveInterval 15\nClientAliveCountMax -1\n');
    record({
      daemon: 'OpenSSH',
      kind: 'broken',
      label: 'sshd_config ClientAliveCountMax -1',
      accepted: r.ok,
      readBack: null,
    });
    expect(r.ok).toBe(false);
  });
});
