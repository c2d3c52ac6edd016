/** Runs nginx with a snippet in front of a counting upstream and reports how many TCP connections N requests used. */
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { startNginx, wrapNginx } from './nginx';
import { socketsOnPort, type TimerReading } from './ss';
import { get, startUpstream } from './upstream';
import { waitFor } from './wait';

export interface ProxyRun {
  readonly started: boolean;
  readonly statuses: readonly number[];
  readonly upstreamConnections: number;
  /** Sockets on the listen port while one client connection was idle (for listen so_keepalive). */
  readonly clientSockets: readonly TimerReading[];
  readonly log: string;
}

/** `snippet` must proxy from 127.0.0.1:listenPort to 127.0.0.1:upstreamPort. */
export async function proxyRun(
  snippet: string,
  listenPort: number,
  upstreamPort: number,
  requests: number,
): Promise<ProxyRun> {
  const upstream = await startUpstream(upstreamPort);
  const files = wrapNginx(snippet);
  const nginx = startNginx(files);
  const statuses: number[] = [];
  let clientSockets: TimerReading[] = [];
  try {
    // Ready = the port accepts TCP; no HTTP request yet, so the upstream count starts at 0.
    await waitFor('nginx to listen', async () => nginx.exited() || (await canConnect(listenPort)), 15_000, 100);
    if (!nginx.exited()) {
      for (let i = 0; i < requests; i++) statuses.push(await get(listenPort));
      const upstreamConnections = upstream.connections();
      clientSockets = await idleClientSockets(listenPort);
      return { started: true, statuses, upstreamConnections, clientSockets, log: nginx.output() };
    }
    return {
      started: false,
      statuses,
      upstreamConnections: 0,
      clientSockets,
      log: nginx.output() + errorLog(files.dir),
    };
  } finally {
    await nginx.stop();
    await upstream.close();
  }
}

function errorLog(dir: string): string {
  const f = join(dir, 'error.log');
  return existsSync(f) ? readFileSync(f, 'utf8') : '';
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/** Opens one client connection, leaves it idle briefly and reads the listen port's sockets. */
async function idleClientSockets(port: number): Promise<TimerReading[]> {
  const sock = connect(port, '127.0.0.1');
  try {
    await new Promise<void>((resolve, reject) => {
      sock.once('connect', () => resolve());
      sock.once('error', reject);
    });
    await new Promise((r) => setTimeout(r, 300));
    return await socketsOnPort(port);
  } finally {
    sock.destroy();
  }
}
