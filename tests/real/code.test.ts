import { afterAll, describe, expect, it } from 'vitest';
import { allCases, distinctSnippets, label } from './harness/engine';
import { nodeKeepaliveTimer, pythonSockopts } from './harness/code';
import { describe as why } from './harness/exec';
import { record } from './harness/results';
import { describeReading, keepaliveMatches } from './harness/ss';
import { cleanupTempDirs } from './harness/tmp';

afterAll(() => cleanupTempDirs());

const cases = allCases();

describe('every generated Python snippet sets the planned socket options (read back with getsockopt)', () => {
  const distinct = distinctSnippets('code-python', cases);
  it('has generated snippets to check', () => expect(distinct.length).toBeGreaterThan(5));
  for (const d of distinct) {
    it(label(d), async () => {
      const r = await pythonSockopts(d.snippet.text);
      // SO_KEEPALIVE reads back as 1; TCP_USER_TIMEOUT 0 = not set (FACTS.md sections 1, 2).
      const planned = d.cases.map((c) => {
        const v = c.result.plan.values;
        return [1, v.keepalive.idle, v.keepalive.interval, v.keepalive.count, v.userTimeoutMs ?? 0].join(' ');
      });
      const got = r.values?.join(' ');
      record({
        daemon: 'Python/Node code',
        kind: 'generated',
        label: label(d),
        accepted: r.result.code === 0,
        readBack: planned.every((p) => p === got),
      });
      expect(r.result.code, why(r.result)).toBe(0);
      expect(new Set(planned)).toEqual(new Set([got]));
    });
  }
});

describe('every generated Node snippet arms the planned keepalive timer (read with ss)', () => {
  const distinct = distinctSnippets('code-node', cases);
  it('has generated snippets to check', () => expect(distinct.length).toBeGreaterThan(5));
  for (const d of distinct) {
    it(label(d), async () => {
      const r = await nodeKeepaliveTimer(d.snippet.text);
      // libuv sets TCP_KEEPIDLE = floor(ms / 1000) from setKeepAlive's delay (FACTS.md section 2).
      const idles = d.cases.map((c) => c.result.plan.values.keepalive.idle);
      const ok =
        r.client !== undefined && idles.every((idle) => r.client !== undefined && keepaliveMatches(r.client, idle, 1));
      record({
        daemon: 'Python/Node code',
        kind: 'generated',
        label: label(d),
        accepted: r.result.code === 0,
        readBack: ok,
      });
      expect(r.result.code, why(r.result)).toBe(0);
      expect(ok, `${r.client ? describeReading(r.client) : 'no socket'} vs idle ${idles.join(',')}`).toBe(true);
    });
  }
});

describe('code harness', () => {
  it('a Python snippet with a wrong level is refused', async () => {
    const r = await pythonSockopts(
      'import socket\n\ndef enable_keepalive(sock):\n    sock.setsockopt(socket.SOL_SOCKET, socket.TCP_KEEPIDLE, 60)\n',
    );
    record({
      daemon: 'Python/Node code',
      kind: 'broken',
      label: 'setsockopt(SOL_SOCKET, TCP_KEEPIDLE, 60)',
      accepted: r.result.code === 0 && r.values?.[1] === 60,
      readBack: null,
    });
    expect(r.values?.[1]).not.toBe(60);
  });

  it('a Node snippet without a delay leaves the 7200 s default', async () => {
    const r = await nodeKeepaliveTimer('export function enableKeepalive(socket) {\n  socket.setKeepAlive(true);\n}\n');
    record({
      daemon: 'Python/Node code',
      kind: 'broken',
      label: 'setKeepAlive(true) without a delay',
      accepted: r.client !== undefined && keepaliveMatches(r.client, 240, 1),
      readBack: null,
    });
    expect(r.client && keepaliveMatches(r.client, 240, 1)).toBe(false);
  });
});
