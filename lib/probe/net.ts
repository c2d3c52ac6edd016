/**
 * The probe's only I/O: TCP sockets (node:net) and timers. The CLI alone imports this file; the
 * page never does (tests/unit/probe.test.ts checks that nothing outside lib/probe/ and lib/cli.ts does).
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Clock, Dial } from './trial';

/** A monotonic clock (performance.now) and real timers. */
export const realClock: Clock = {
  now: () => performance.now(),
  after: (ms, fn) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

/** Connections to host:port; text as latin1, one character per byte. */
export function tcpDial(host: string, port: number): Dial {
  return (events, keepAliveSeconds) => {
    const socket = createConnection({ host, port });
    socket.setEncoding('latin1');
    socket.setNoDelay(true);
    socket.on('connect', () => {
      // Node sets TCP_KEEPIDLE = floor(ms / 1000), TCP_KEEPINTVL = 1, TCP_KEEPCNT = 10 (FACTS.md section 2).
      if (keepAliveSeconds !== null) socket.setKeepAlive(true, keepAliveSeconds * 1000);
      events.open();
    });
    socket.on('data', (text: string) => events.data(text));
    socket.on('end', () => events.end());
    socket.on('error', (error: NodeJS.ErrnoException) => events.error(error.code ?? 'EIO'));
    return {
      write: (text) => void socket.write(text, 'latin1'),
      destroy: () => void socket.destroy(),
    };
  };
}

export interface EchoServer {
  readonly address: string;
  close(): void;
}

/**
 * The probe's far end: echoes every byte, never sets keepalive or a timeout of its own (Node's
 * net sockets have none unless set), so an idle connection ends only when the path or the client
 * ends it. At most `maxConnections` at once (net.Server.maxConnections: further ones are closed).
 */
export function startEcho(host: string, port: number, maxConnections: number): Promise<EchoServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    socket.pipe(socket);
  });
  server.maxConnections = maxConnections;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      const a = server.address();
      const address =
        typeof a === 'object' && a !== null
          ? a.family === 'IPv6'
            ? `[${a.address}]:${a.port}`
            : `${a.address}:${a.port}`
          : String(a);
      resolve({
        address,
        close: () => {
          server.close();
          for (const s of sockets) s.destroy();
        },
      });
    });
  });
}
