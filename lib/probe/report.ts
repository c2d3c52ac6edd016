/** What the probe prints: the announcement, the progress line, the result as text or JSON. Pure. */
import { formatDuration } from '../time';
import type { ProbeOptions } from './options';
import type { ProbeResult, Progress } from './session';

export const PROBE_USAGE = `usage: keepalive-config probe HOST:PORT [--mode auto|echo|ssh|http] [--max 900] [--step 5]
       [--connections 8] [--reply-timeout 5] [--no-keepalive-check] [--format text|json]
Measures the idle timeout of the path to HOST:PORT: idle connections tested at staggered ages.
The far end: \`keepalive-config echo\`, an SSH server or an HTTP server (--mode auto finds out).
Durations: 90, 90s, 15m, 1h. Exit codes: 0 measured, 2 bad arguments, 1 failure.
`;

export const ECHO_USAGE = `usage: keepalive-config echo [--listen ADDR:PORT] [--max-connections 256]
A TCP echo server for \`keepalive-config probe\`: echoes what it receives, never closes an idle
connection itself. Listens on 127.0.0.1:7007 unless told otherwise. Stops on SIGINT or SIGTERM.
`;

export function announcement(o: ProbeOptions, a: { connections: number; seconds: number }): string {
  return `probe: ${o.host}:${o.port}: at most ${a.connections} connections, done within ${formatDuration(a.seconds)} (${a.seconds} s)\n`;
}

/** The terminal's one updating line (carriage return, erase to end of line). */
export function progressLine(p: Progress): string {
  const stage =
    p.round === 0
      ? 'identifying the far end'
      : `round ${p.round}, ${p.alive} alive, ${p.dead} dead, ${p.waiting} waiting`;
  return `\r\x1b[Kprobe: ${formatDuration(Math.floor(p.elapsed))} elapsed, ${stage}`;
}

/** The public JSON contract first (idleTimeoutSeconds, keepaliveKeepsAlive, expiry, query), then details. */
export function toJson(r: ProbeResult): string {
  return `${JSON.stringify(
    {
      idleTimeoutSeconds: r.idleTimeoutSeconds,
      keepaliveKeepsAlive: r.keepaliveKeepsAlive,
      expiry: r.expiry,
      query: r.query,
      mode: r.mode,
      serverIdleTimeoutSeconds: r.serverIdleTimeoutSeconds,
      matchingBoxes: r.matchingBoxes,
      connectionsOpened: r.connectionsOpened,
      rounds: r.rounds,
      elapsedSeconds: r.elapsedSeconds,
      complete: r.complete,
    },
    null,
    2,
  )}\n`;
}

const EXPIRY_TEXT = {
  silent: 'silently (no reply, no RST)',
  reset: 'with an RST (ECONNRESET)',
  close: 'by closing the connection (FIN): a proxy that ends idle sessions',
} as const;

export function toText(r: ProbeResult, o: ProbeOptions): string {
  const { low, high } = r.idleTimeoutSeconds;
  const lines = [
    high === null
      ? `idle timeout: above ${low} s (nothing died up to ${low} s idle${low === o.max ? ', the --max' : ''})`
      : `idle timeout: between ${low} s (survived) and ${high} s (died)`,
  ];
  if (r.serverIdleTimeoutSeconds !== null) {
    lines.push(
      `the ${r.mode ?? 'far end'} server closes idle connections itself after about ${r.serverIdleTimeoutSeconds} s: its own timeout, not the path's`,
    );
  }
  lines.push(
    `keepalive probes keep the flow alive: ${r.keepaliveKeepsAlive === null ? 'not measured' : r.keepaliveKeepsAlive ? 'yes (the box counts packets)' : 'no (the box counts payload only: use an application heartbeat)'}`,
    `expiry: ${r.expiry === null ? 'not seen' : EXPIRY_TEXT[r.expiry]}`,
  );
  if (r.matchingBoxes.length > 1) lines.push(`boxes with a default in that range: ${r.matchingBoxes.join(', ')}`);
  lines.push(`query: ${r.query ?? 'none (nothing survived; the path cannot hold an idle connection for 1 s)'}`);
  if (!r.complete)
    lines.push('the bracket is wider than --step: stopped early or out of rounds (more --connections narrow faster)');
  lines.push(
    `(${r.connectionsOpened} connections, ${r.rounds} round${r.rounds === 1 ? '' : 's'}, ${formatDuration(r.elapsedSeconds)}, far end: ${r.mode ?? 'unknown'})`,
  );
  return `${lines.join('\n')}\n`;
}
