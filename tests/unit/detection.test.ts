// Every formula of FACTS.md against the figures FACTS.md gives (sections 1, 2, 3, 7).
import { describe, expect, it } from 'vitest';
import {
  LINUX_DEFAULTS,
  esTransport,
  idleKeepalive,
  idleWithUserTimeout,
  inFlight,
  nodeSetKeepAlive,
  retries2Model,
  sshClient,
  sshServer,
} from '../../lib/detection';

describe('Linux idle keepalive: T + P*I', () => {
  it.each([
    ['the defaults 7200/75/9', LINUX_DEFAULTS, 7875],
    ['300/30/5', { idle: 300, interval: 30, count: 5 }, 450],
    ['60/10/6', { idle: 60, interval: 10, count: 6 }, 120],
    ['2/1/3 (the lab scale)', { idle: 2, interval: 1, count: 3 }, 5],
  ])('%s gives %d s', (_name, k, expected) => {
    expect(idleKeepalive(k).worstCaseSeconds).toBe(expected);
  });
});

describe('TCP_USER_TIMEOUT: T + I * max(1, ceil((U - T) / I)), P ignored', () => {
  it.each([
    [1, 11, 5000, 12],
    [1, 11, 12500, 23],
    [60, 10, 120000, 120],
    [1, 3, 5000, 7],
    [10, 5, 1000, 15],
  ])('T=%d I=%d U=%d ms gives %d s', (idle, interval, u, expected) => {
    expect(idleWithUserTimeout({ idle, interval, count: 99 }, u).worstCaseSeconds).toBe(expected);
  });
  it('without U it is the plain formula', () => {
    expect(idleWithUserTimeout({ idle: 60, interval: 10, count: 6 }, undefined).worstCaseSeconds).toBe(120);
  });
});

describe('data in flight: the tcp_retries2 model', () => {
  it.each([
    [15, 924.6],
    [9, 204.6],
    [5, 12.6],
    [3, 3],
  ])('tcp_retries2=%d gives %d s', (n, expected) => {
    expect(retries2Model(n)).toBeCloseTo(expected, 5);
  });
  it('TCP_USER_TIMEOUT replaces it', () => {
    // About one RTO (TCP_RTO_MIN, 0.2 s) + U after the send (FACTS.md section 1 and 10).
    expect(inFlight(30000).worstCaseSeconds).toBe(30.2);
    // The abort at the (N+1)-th RTO past the model (lib/detection.ts retransmissionAbort): about 939 s, FACTS.md's typical ~940 s.
    expect(inFlight(undefined).worstCaseSeconds).toBeGreaterThan(924.6);
    expect(inFlight(undefined).worstCaseSeconds).toBeCloseTo(940, -1);
  });
});

describe('OpenSSH', () => {
  it.each([
    [60, 5, 360],
    [30, 10, 330],
    [2, 3, 8],
    [15, 3, 60],
  ])('client ServerAliveInterval %d x (CountMax %d + 1) = %d s', (interval, count, expected) => {
    expect(sshClient({ interval, count }).worstCaseSeconds).toBe(expected);
  });
  it('sshd before 9.5 probes at twice the interval: I=2, C=3 gives 16 s on 9.2', () => {
    expect(sshServer({ interval: 2, count: 3 }, [9, 2]).worstCaseSeconds).toBe(16);
    expect(sshServer({ interval: 2, count: 3 }, [7, 6]).worstCaseSeconds).toBe(16);
    expect(sshServer({ interval: 2, count: 3 }, [9, 4]).worstCaseSeconds).toBe(16);
  });
  it('sshd 9.5 and later: I * (C + 1)', () => {
    expect(sshServer({ interval: 2, count: 3 }, [9, 5]).worstCaseSeconds).toBe(8);
    expect(sshServer({ interval: 60, count: 5 }, [10, 0]).worstCaseSeconds).toBe(360);
  });
});

describe('Node setKeepAlive: floor(ms/1000) + 10 x 1 s', () => {
  it.each([
    [300000, 310],
    [60000, 70],
    [1999, 11],
  ])('%d ms gives %d s', (ms, expected) => {
    expect(nodeSetKeepAlive(ms).worstCaseSeconds).toBe(expected);
  });
  it('a delay under 1 s keeps the OS values', () => {
    expect(nodeSetKeepAlive(0).worstCaseSeconds).toBe(7875);
    expect(nodeSetKeepAlive(999).worstCaseSeconds).toBe(7875);
  });
});

describe('Elasticsearch transport clamps idle and interval to 300 s', () => {
  it('default transport detection is 975 s', () => {
    expect(esTransport(LINUX_DEFAULTS).worstCaseSeconds).toBe(975);
  });
  it('values under the clamp are used as they are', () => {
    expect(esTransport({ idle: 60, interval: 10, count: 6 }).worstCaseSeconds).toBe(120);
    expect(esTransport({ idle: 600, interval: 400, count: 2 }).worstCaseSeconds).toBe(900);
  });
});
