// Bare numbers are seconds: implausible path timeouts and goals, and what aggressive values cost.
import { describe, expect, it } from 'vitest';
import { run } from '../../lib/engine';
import { MIDDLEBOXES } from '../../lib/middleboxes';
import { AGGRESSIVE_IDLE_BELOW, SHORTEST_BOX_TIMEOUT, aggressiveWarnings, minutesMeant } from '../../lib/plausible';

describe('implausible bare seconds', () => {
  it("the threshold is the catalogue's shortest default timeout, and no box is below it", () => {
    const defaults = MIDDLEBOXES.flatMap((m) => (m.defaultSeconds === null ? [] : [m.defaultSeconds]));
    expect(defaults.every((d) => d >= SHORTEST_BOX_TIMEOUT)).toBe(true);
    expect(defaults).toContain(SHORTEST_BOX_TIMEOUT);
    // "Some tens of seconds": a bare 5 is far below it, a bare 60 is not.
    expect(SHORTEST_BOX_TIMEOUT).toBeGreaterThanOrEqual(10);
  });

  it.each([
    ['5', 's', 5],
    ['1', 's', 1],
    [' 15 ', 's', 15],
  ])('%j %s: did you mean %d min', (amount, unit, want) => expect(minutesMeant(amount, unit)).toBe(want));

  it.each([
    ['5', 'min'],
    ['5', 'h'],
    [String(SHORTEST_BOX_TIMEOUT), 's'],
    ['350', 's'],
    ['0', 's'],
    ['', 's'],
    ['5m', 's'],
    ['2.5', 's'],
  ])('%j %s: plausible or not a bare number', (amount, unit) => expect(minutesMeant(amount, unit)).toBeUndefined());
});

const codes = (q: string) => run(q).plan.warnings.map((w) => w.code);

describe('aggressive values warn about every socket on the host', () => {
  it.each([
    'target=ssh&idle=5',
    'target=postgres&idle=5',
    'target=postgres&goal=5',
    'target=mysql&idle=5',
    'target=ssh&keepalive=1:1:3',
  ])('%s warns', (q) => {
    expect(codes(q)).toContain('aggressive-host-wide');
  });

  it('the message names the cost: a probe every T on every idle socket, and the TCP_USER_TIMEOUT abort', () => {
    const p = run('target=postgres&idle=5').plan;
    const w = p.warnings.find((x) => x.code === 'aggressive-host-wide');
    expect(w?.concerns).toBe('sysctl');
    expect(w?.message).toContain(
      `tcp_keepalive_time = ${p.values.keepalive.idle}, every idle connection with SO_KEEPALIVE on the host`,
    );
    expect(w?.message).toContain(
      `TCP_USER_TIMEOUT = ${p.values.userTimeoutMs} ms aborts any connection whose sent data stays unacknowledged`,
    );
    expect(w?.message).toMatch(/a bare number is seconds/);
  });

  it.each([
    'target=ssh',
    'target=ssh&idle=5m',
    'target=postgres&via=aws-natgw',
    'target=ssh&via=gcp-proxy-nlb',
    'target=nginx&idle=60',
    'target=ssh&idle=5&goal=2',
  ])('%s does not', (q) => {
    expect(codes(q)).not.toContain('aggressive-host-wide');
  });

  it('the bounds: T just below half the shortest timeout warns, at it does not', () => {
    const at = (idle: number, userTimeoutMs?: number) =>
      aggressiveWarnings({
        values: {
          keepalive: { idle, interval: 1, count: 3 },
          userTimeoutMs,
          retries2: undefined,
        },
        infeasible: undefined,
      }).length;
    expect(at(Math.ceil(AGGRESSIVE_IDLE_BELOW) - 1)).toBe(1);
    expect(at(Math.ceil(AGGRESSIVE_IDLE_BELOW))).toBe(0);
    expect(at(60, SHORTEST_BOX_TIMEOUT * 1000 - 1)).toBe(1);
    expect(at(60, SHORTEST_BOX_TIMEOUT * 1000)).toBe(0);
  });
});
