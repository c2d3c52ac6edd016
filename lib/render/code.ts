/**
 * Per-socket application code for services that own their sockets (FACTS.md section 2). Only
 * numbers chosen by the planner enter these templates.
 */
import type { Plan, Snippet } from '../types';
import { layerWorst, makeSnippet } from './snippet';

export function codeSnippets(plan: Plan): Snippet[] {
  const k = plan.values.keepalive;
  const u = plan.values.userTimeoutMs;

  const python = [
    'import socket',
    '',
    '',
    'def enable_keepalive(sock: socket.socket) -> None:',
    '    """Per-socket keepalive: overrides the host sysctls for this socket only (Linux)."""',
    '    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)',
    '    # Keepalive options live at the IPPROTO_TCP level, not SOL_SOCKET.',
    `    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, ${k.idle})`,
    `    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, ${k.interval})`,
    `    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, ${k.count})`,
    ...(u
      ? [
          '    # Also bounds data in flight: unacknowledged data aborts the connection after U ms (Python 3.6+).',
          `    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, ${u})`,
        ]
      : []),
  ];
  const javascript = [
    "// Node's setKeepAlive sets only the idle time: libuv fixes TCP_KEEPINTVL = 1 s and TCP_KEEPCNT = 10,",
    `// so a dead peer is declared after ${k.idle} + 10 × 1 s. Node has no API for the interval or the count.`,
    'export function enableKeepalive(socket) {',
    `  socket.setKeepAlive(true, ${k.idle * 1000});`,
    '}',
  ];
  const go = [
    'package main',
    '',
    'import (',
    '\t"net"',
    '\t"time"',
    ')',
    '',
    '// Go 1.23+: KeepAliveConfig also exists on net.ListenConfig and (*net.TCPConn).SetKeepAliveConfig.',
    // Go's defaults since 1.12 (FACTS.md section 2).
    '// Without it Go uses 15 s idle, 15 s interval, 9 probes.',
    'var dialer = net.Dialer{',
    '\tKeepAliveConfig: net.KeepAliveConfig{',
    '\t\tEnable:   true,',
    `\t\tIdle:     ${k.idle} * time.Second,`,
    `\t\tInterval: ${k.interval} * time.Second,`,
    `\t\tCount:    ${k.count},`,
    '\t},',
    '}',
  ];
  const java = [
    'import java.io.IOException;',
    'import java.net.Socket;',
    'import java.net.StandardSocketOptions;',
    'import jdk.net.ExtendedSocketOptions;',
    '',
    '// Java 11+ on Linux.',
    'final class Keepalive {',
    '    static void enable(Socket socket) throws IOException {',
    '        socket.setOption(StandardSocketOptions.SO_KEEPALIVE, true);',
    `        socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, ${k.idle});`,
    `        socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, ${k.interval});`,
    `        socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, ${k.count});`,
    '    }',
    '}',
  ];
  return [
    makeSnippet(
      plan,
      {
        id: 'code-python',
        title: 'Python socket keepalive',
        filename: 'keepalive.py',
        destination: 'your Python service, on each connected socket',
        language: 'python',
      },
      layerWorst(plan, 'code-python'),
      python,
    ),
    makeSnippet(
      plan,
      {
        id: 'code-node',
        title: 'Node.js net socket keepalive',
        filename: 'keepalive.mjs',
        destination: 'your Node.js service, on each net.Socket',
        language: 'javascript',
      },
      layerWorst(plan, 'code-node'),
      javascript,
    ),
    makeSnippet(
      plan,
      {
        id: 'code-go',
        title: 'Go dialer keepalive',
        filename: 'keepalive.go',
        destination: 'your Go service, where it dials',
        language: 'go',
      },
      layerWorst(plan, 'code-go'),
      go,
    ),
    makeSnippet(
      plan,
      {
        id: 'code-java',
        title: 'Java socket keepalive',
        filename: 'Keepalive.java',
        destination: 'your Java service, on each Socket',
        language: 'java',
      },
      layerWorst(plan, 'code-java'),
      java,
    ),
  ];
}
