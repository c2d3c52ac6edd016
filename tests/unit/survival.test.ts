// The headline answers "my idle connections die" first (issue 16): survival per box, which box
// dropped them before and when, an assumed timeout never certified, then the detection time.
import { describe, expect, it } from 'vitest';
import { run } from '../../lib/engine';
import { ASSUMED, ASSUMED_IDLE_SECONDS, isAssumedIdle } from '../../lib/path';
import { DEFAULT_IDLE_SECONDS } from '../../lib/schema';
import { detectionText, forgetters, headlineText } from '../../lib/summary';

const plan = (q: string) => {
  const r = run(q);
  expect(r.errors).toEqual([]);
  return r.plan;
};

describe('survival first', () => {
  it('a box the defaults fail: it is named, with the idle time after which it dropped connections', () => {
    // AWS NAT Gateway: 350 s, counts packets (FACTS.md section 8); the default first probe comes after 7200 s.
    const p = plan('via=aws-natgw');
    expect(headlineText(p)).toBe(
      'Idle connections now outlive the AWS NAT Gateway (5 min 50 s); before, it dropped them after 5 min 50 s idle.',
    );
    expect(detectionText(p)).toMatch(/^A dead peer is detected within .+ \(was 2 h 11 min 15 s\)\.$/);
  });

  it('with several boxes, each is listed shortest first and the first to forget is the one named', () => {
    // pf: 86400 s, Azure LB: 240 s; the defaults (T + I = 7275 s) outlive pf but not the Azure LB.
    const p = plan('via=pf-pfsense-opnsense,azure-lb');
    expect(forgetters(p).map((f) => f.seconds)).toEqual([240, 86400]);
    expect(headlineText(p)).toContain(
      'now outlive the Azure Load Balancer (Standard) (4 min) and the pfSense / OPNsense (pf) (1 d)',
    );
    expect(headlineText(p)).toContain('before, the Azure Load Balancer (Standard) dropped them after 4 min idle');
  });

  it('when the defaults already outlive every box it says so instead of presenting an improvement', () => {
    // Linux conntrack established: 432000 s (5 d), far above 7275 s.
    const text = headlineText(plan('via=linux-conntrack'));
    expect(text).toMatch(
      /^Idle connections already outlive the Linux nf_conntrack \(established\) \(5 d\) with the defaults/,
    );
    expect(text).not.toContain('now outlive');
  });

  it('a payload-only box that no keepalive keeps is named as the one that still drops them', () => {
    // AWS ALB: 60 s, needs data; PostgreSQL has no heartbeat of its own.
    const text = headlineText(plan('target=postgres&via=aws-alb,aws-natgw'));
    expect(text).toMatch(
      /^Idle connections still do not outlive the path: the AWS Application Load Balancer drops them after 1 min idle/,
    );
  });

  it('a box of unknown timeout is never certified: the generic entries are not 300 s', () => {
    const p = plan('via=generic-firewall');
    expect(p.input.idle).toBeUndefined();
    expect(p.survival.after.ok).toBeNull();
    expect(p.warnings.map((w) => w.code)).toContain('unknown-timeout');
    expect(headlineText(p)).toMatch(
      /^Whether idle connections outlive a stateful firewall \(timeout unknown\) is not known: measure/,
    );
    const mixed = headlineText(plan('idle=120&via=generic-vpn'));
    expect(mixed).toContain('Not checked: a VPN tunnel');
  });
});

describe("a box's configured timeout is planned against, with the box's semantics", () => {
  it('a packet-counting box set to 30 min bounds the probes at 30 min', () => {
    const p = plan('target=postgres&via=azure-lb:1800');
    expect(p.path.packetTimeout).toBe(1800);
    expect(p.path.payloadTimeout).toBeUndefined();
    expect(headlineText(p)).toContain('the Azure Load Balancer (Standard) (30 min, as configured)');
  });

  it('a payload-only box set to 5 min stays payload-only', () => {
    const p = plan('target=postgres&via=aws-alb:300');
    expect(p.path.payloadTimeout).toBe(300);
    expect(p.path.packetTimeout).toBeUndefined();
  });
});

describe('the assumed 300 s', () => {
  it('the assumption is the codec default, and is marked on the path', () => {
    expect(ASSUMED_IDLE_SECONDS).toBe(DEFAULT_IDLE_SECONDS);
    const p = plan('');
    expect(isAssumedIdle(p.input)).toBe(true);
    expect(p.path.packetFrom).toBe(ASSUMED);
    expect(isAssumedIdle(plan('idle=120').input)).toBe(false);
    expect(isAssumedIdle(plan('via=aws-natgw&idle=300').input)).toBe(false);
  });

  it('no survival is certified against it, and the headline asks for the real figure', () => {
    const text = headlineText(plan(''));
    expect(text).toContain('would outlive a 5 min idle timeout, an assumption: give yours or pick a box');
    expect(text).not.toMatch(/now outlive|already outlive/);
  });

  it('every snippet header says the timeout is an assumption', () => {
    const r = run('target=postgres');
    expect(r.snippets.length).toBeGreaterThan(0);
    for (const s of r.snippets) expect(s.text).toContain('path idle timeout 5 min (an assumption: none given)');
    // A typed timeout is the user's own.
    for (const s of run('target=postgres&idle=120').snippets)
      expect(s.text).toContain("path idle timeout 2 min (the path's idle timeout)");
  });
});

describe('the infeasible message names what the user chose', () => {
  it('a typed number is blamed as the number entered, not as a box', () => {
    const p = plan('idle=2');
    expect(p.infeasible?.constraint).toBe('path-timeout');
    expect(p.infeasible?.message).toContain('the idle timeout you entered, 2 s,');
    expect(p.infeasible?.message).not.toMatch(/\bbox\b/);
  });

  it('a box is named by its own name', () => {
    // PAN-OS takes a TCP timeout from 1 s (its source in lib/middleboxes.ts); set to 2 s, no probe fits.
    const p = plan('via=paloalto-panos:2');
    expect(p.infeasible?.message).toContain("Palo Alto Networks PAN-OS's 2 s idle timeout");
    expect(p.infeasible?.message).toContain("raise Palo Alto Networks PAN-OS's idle timeout");
  });
});

describe('one function decides survival (lib/timeline/survival.ts)', () => {
  it('names the box that forgets first and the kind of traffic it lacked', () => {
    // AWS ALB 60 s payload-only, a typed 300 s firewall counting packets: PostgreSQL sends no payload when idle.
    const p = plan('target=postgres&idle=300&via=aws-alb');
    expect(p.survival.after).toEqual({ ok: false, failing: { box: 'aws-alb', seconds: 60, kind: 'payload' } });
    // Before, the defaults' T + I = 7275 s fail the ALB first too (60 s < 300 s).
    expect(p.survival.before.failing).toEqual({ box: 'aws-alb', seconds: 60, kind: 'payload' });
    expect(headlineText(p)).toContain('the AWS Application Load Balancer drops them after 1 min idle');
    expect(headlineText(p)).not.toContain('5 min');
  });

  it('a heartbeat keeps a payload-only box, and the kernel a packet-counting one', () => {
    const ssh = plan('target=ssh&idle=300&via=aws-alb');
    expect(ssh.survival.after).toEqual({ ok: true, failing: undefined });
    expect(ssh.survival.before.failing?.kind).toBe('payload');
    const pg = plan('target=postgres&idle=600');
    expect(pg.survival.after.ok).toBe(true);
    expect(pg.survival.before).toEqual({ ok: false, failing: { box: 'idle', seconds: 600, kind: 'packet' } });
  });

  it('the snippet headers, the CLI and the headline read the same verdict', () => {
    const r = run('target=postgres&idle=300&via=aws-alb');
    for (const s of r.snippets)
      expect(s.text).toContain(
        'Idle connections outlive the path: no, the AWS Application Load Balancer forgets them after 1 min idle',
      );
    const ok = run('target=postgres&idle=600');
    for (const s of ok.snippets)
      expect(s.text).toContain("Idle connections outlive the path: yes (the path's idle timeout, 10 min)");
    for (const s of run('target=postgres').snippets)
      expect(s.text).toContain(
        'Idle connections outlive the path: yes, if its idle timeout is the assumed 5 min (none was given).',
      );
  });
});
