// The planner's promises, as properties over the whole input space and as named cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plan } from '../../lib/planner';
import { render } from '../../lib/render';
import { targetOf } from '../../lib/targets';
import { parseQuery } from '../../lib/url';
import { plannedQuery, validQuery } from './arbitraries';

const planOf = (q: string) => plan(parseQuery(q).input);

describe('properties of planned values', () => {
  it('satisfy every constraint, or say which one fails and render nothing', () => {
    fc.assert(
      fc.property(plannedQuery, (q) => {
        const p = planOf(q);
        const { input, path, values } = p;
        if (p.infeasible) {
          expect(p.infeasible.message.length).toBeGreaterThan(20);
          expect(render(p)).toEqual([]);
          return;
        }
        const k = values.keepalive;
        const limits = targetOf(input.target).limits;
        expect(k.count).toBeGreaterThanOrEqual(3);
        expect(k.idle).toBeGreaterThanOrEqual(1);
        expect(k.interval).toBeGreaterThanOrEqual(1);
        expect(k.idle).toBeLessThanOrEqual(limits.idleMax);
        expect(k.interval).toBeLessThanOrEqual(limits.intervalMax);
        if (path.probeDeadline !== undefined) expect(k.idle + k.interval).toBeLessThan(path.probeDeadline);
        // Every layer within the goal, or named in a goal-unmet warning that says why (no values can reach it).
        for (const d of p.detection) {
          const goal = input.goal;
          if (goal === undefined || (d.after.worstCaseSeconds !== null && d.after.worstCaseSeconds <= goal)) continue;
          expect(p.warnings.some((w) => w.code === 'goal-unmet' && w.message.includes(d.label))).toBe(true);
        }
        for (const a of [values.serverAlive, values.clientAlive]) {
          if (a) {
            expect(a.count).toBeGreaterThanOrEqual(1);
            expect(a.interval).toBeGreaterThanOrEqual(1);
          }
        }
        if (values.nginxPoolTimeout !== undefined && path.heartbeatDeadline !== undefined)
          expect(values.nginxPoolTimeout).toBeLessThan(path.heartbeatDeadline);
        // A path of packet-counting boxes only is always outlived by a feasible plan.
        if (path.packetTimeout !== undefined && path.payloadTimeout === undefined)
          expect(p.survival.after.ok).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('explicit values are used as given and never throw', () => {
    fc.assert(
      fc.property(validQuery, (q) => {
        const { input } = parseQuery(q);
        const p = plan(input);
        if (input.keepalive) expect(p.values.keepalive).toEqual(input.keepalive);
        if (input.user_timeout) expect(p.values.userTimeoutMs).toBe(input.user_timeout);
        expect(() => render(p)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });
});

describe('named cases', () => {
  it('chooses round values under the path timeout: GCP 600 s gives 300/30/5, 450 s idle, K + RTO + U writing', () => {
    const p = planOf('target=postgres&via=gcp-vpc-conntrack');
    expect(p.values.keepalive).toEqual({ idle: 300, interval: 30, count: 5 });
    const libpq = p.detection.find((d) => d.layer === 'libpq')!.after;
    expect(libpq.situations.find((s) => s.situation === 'idle')?.worstCaseSeconds).toBe(300 + 5 * 30);
    // psql's next command written just before the kernel would reset the idle socket: K + one RTO + U (FACTS.md section 10).
    expect(libpq.worstCaseSeconds).toBe(450 + 0.2 + 450);
    expect(libpq.situation).toBe('waiting-for-reply');
    expect(p.values.userTimeoutMs).toBe(450000);
  });

  it("keeps T + I below the AWS NAT Gateway's 350 s less a 35 s margin", () => {
    const { values } = planOf('target=postgres&via=aws-natgw');
    expect(values.keepalive.idle + values.keepalive.interval).toBeLessThan(315);
  });

  it('meets a tight goal with P >= 3', () => {
    const p = planOf('target=mysql&goal=30');
    const linux = p.detection.find((d) => d.layer === 'linux')!.after.worstCaseSeconds!;
    expect(linux).toBeLessThanOrEqual(30);
    expect(p.values.keepalive.count).toBeGreaterThanOrEqual(3);
  });

  it('says why when the goal is below the fastest possible detection', () => {
    const p = planOf('goal=3');
    expect(p.infeasible?.constraint).toBe('goal');
    expect(render(p)).toEqual([]);
  });

  it('says why when the path forgets flows faster than any probe', () => {
    expect(planOf('idle=2').infeasible?.constraint).toBe('path-timeout');
  });

  it('halves ClientAliveInterval for sshd before 9.5, so both sides detect a quiet session within the same time', () => {
    const old = planOf('openssh=9.2');
    const fixed = planOf('openssh=9.5');
    expect(old.values.clientAlive?.interval).toBe((fixed.values.clientAlive?.interval ?? 0) / 2);
    const quiet = (p: typeof old) =>
      p.detection.find((d) => d.layer === 'ssh-server')?.after.situations.find((s) => s.situation === 'idle')
        ?.worstCaseSeconds;
    expect(quiet(old)).toBe(quiet(fixed));
    expect(old.warnings.map((w) => w.code)).toContain('sshd-doubled-interval');
    expect(fixed.warnings.map((w) => w.code)).not.toContain('sshd-doubled-interval');
  });

  it('an L7 box puts an application heartbeat into the plan', () => {
    const es = planOf('target=elasticsearch&via=aws-alb');
    expect(es.values.esPingSchedule).toBeLessThan(60);
    expect(es.warnings.map((w) => w.code)).toContain('l7-proxy-ignores-keepalive');
    const ssh = planOf('target=ssh&via=heroku-router');
    expect(ssh.values.serverAlive!.interval).toBeLessThan(55);
    expect(ssh.survival.after.ok).toBe(true);
    // PostgreSQL has no heartbeat of its own: the plan says the connection still dies, and what to do.
    const pg = planOf('target=postgres&via=aws-alb');
    expect(pg.survival.after.ok).toBe(false);
    // The pools are the fix there: every pool limit below the ALB's 60 s less a margin.
    expect(pg.values.poolLimit).toBeLessThan(60 - 6);
    expect(pg.warnings.find((w) => w.code === 'l7-proxy-ignores-keepalive')?.message).toContain(
      `at or below ${pg.values.poolLimit} s`,
    );
  });

  it('Elasticsearch never gets idle or interval above 300, even from explicit values', () => {
    const p = planOf('target=elasticsearch&keepalive=600:400:3');
    expect(p.warnings.map((w) => w.code)).toContain('es-clamp-300');
    const yml = render(p).find((s) => s.id === 'elasticsearch-yml')!.text;
    expect(yml).toContain('network.tcp.keep_idle: 300\n');
    expect(yml).toContain('network.tcp.keep_interval: 300\n');
  });

  it.each([
    ['target=mysql&mysql=mysql-8.4', 'oracle-mysql-no-keepalive-vars'],
    ['target=nginx&nginx=1.22', 'nginx-http11-pooling'],
    ['target=postgres', 'postgres-unix-socket'],
    ['target=postgres', 'jdbc-keepalive-switch-only'],
    ['target=ssh', 'container-sysctls'],
    ['target=ssh', 'data-in-flight'],
    ['target=nginx&idle=30', 'nginx-pool-outlives-path'],
    ['keepalive=60:10:2', 'explicit-few-probes'],
    ['idle=100&keepalive=90:10:5', 'explicit-exceeds-path-timeout'],
    ['goal=100&keepalive=60:10:6', 'explicit-exceeds-goal'],
    ['via=cellular-cgn-unknown', 'unknown-timeout'],
    ['via=aws-nlb-tls', 'unknown-keepalive-behaviour'],
  ])('%s warns %s', (q, code) => {
    expect(planOf(q).warnings.map((w) => w.code)).toContain(code);
  });

  it.each([
    ['target=mysql&mysql=mariadb-10.11', 'oracle-mysql-no-keepalive-vars'],
    ['target=nginx&nginx=1.29.7', 'nginx-http11-pooling'],
    ['target=postgres', 'data-in-flight'],
    ['keepalive=60:10:3', 'explicit-few-probes'],
  ])('%s does not warn %s', (q, code) => {
    expect(planOf(q).warnings.map((w) => w.code)).not.toContain(code);
  });
});
