/**
 * The mechanisms that can end a connection to a dead peer, each a small state machine over the shared
 * socket state of lib/timeline/connection.ts. Sources are FACTS.md sections 1, 3, 6, 7 and 10.
 */
import { RTO_MIN, retransmissionAbort } from '../detection';
import { formatDuration } from '../time';
import type { Alive, Keepalive } from '../types';
import type { Connection } from './connection';

const secs = (t: number) => formatDuration(t);

/**
 * Kernel idle keepalive, `tcp_keepalive_timer` (torvalds/linux: net/ipv4/tcp_timer.c; FACTS.md
 * sections 1 and 10). The timer first fires T after the last segment received. While data is in
 * flight (`tp->packets_out` or a non-empty write queue) it only reschedules itself: no probe, no
 * abort; for a dead peer nothing is acknowledged again, so it never probes after that. Otherwise, at
 * each tick: with TCP_USER_TIMEOUT U set, abort once time since the last segment received >= U and a
 * probe was sent; without U, abort once P probes went unanswered; else send a probe, next tick I later.
 */
export function kernelKeepalive(
  c: Connection,
  k: Keepalive,
  userTimeoutMs: number | undefined,
  owner: string,
  by = 'the kernel',
): void {
  const u = userTimeoutMs ? userTimeoutMs / 1000 : 0;
  let probes = 0;
  const tick = () => {
    if (c.resetAt !== undefined) return;
    if (c.inflightSince !== undefined) {
      c.emit('suspend', by, 'the keepalive timer fires but does not probe: data is unacknowledged, and will stay so');
      return;
    }
    const elapsed = c.now;
    if (u > 0 ? elapsed >= u && probes > 0 : probes >= k.count) {
      const why =
        u > 0
          ? `TCP_USER_TIMEOUT ${userTimeoutMs} ms passed since the last segment received`
          : `${k.count} keepalive probe${k.count === 1 ? '' : 's'} went unanswered`;
      c.reset(by, `${why}: the kernel resets the connection`, owner, u > 0 ? 'user-timeout' : 'keepalive');
      return;
    }
    probes += 1;
    c.emit('probe', by, `keepalive probe ${probes}`);
    // A long TCP_USER_TIMEOUT over a short interval: the ticks between here and the abort change
    // nothing for a dead peer, so the timer jumps to the first tick at or after U (the closed form's tick).
    const abortTick = k.idle + k.interval * Math.max(1, Math.ceil((u - k.idle) / k.interval));
    if (u > 0 && probes >= MAX_PROBE_TICKS && abortTick > c.now + k.interval) {
      c.emit('probe', by, `keepalive probes every ${secs(k.interval)} until TCP_USER_TIMEOUT`);
      c.at(abortTick, tick);
      return;
    }
    c.at(c.now + k.interval, tick);
  };
  c.at(k.idle, tick);
}

/** Probe ticks run one by one up to this many (P is at most 127 without U: FACTS.md section 1). */
const MAX_PROBE_TICKS = 200;

/**
 * Retransmission of data in flight (FACTS.md section 1, `tcp_write_timeout`): with TCP_USER_TIMEOUT U the
 * abort comes about one RTO (TCP_RTO_MIN, 200 ms on a low-RTT path) + U after the first unanswered send;
 * without U, at the first retransmission timer firing past the tcp_retries2 model (lib/detection.ts
 * retransmissionAbort: measured on a low-RTT path; a longer RTO moves it later).
 */
export function retransmission(
  c: Connection,
  userTimeoutMs: number | undefined,
  retries2: number,
  owner: string,
  by = 'the kernel',
): void {
  c.onFirstWrite((t) => {
    const after = userTimeoutMs ? RTO_MIN + userTimeoutMs / 1000 : retransmissionAbort(retries2);
    c.at(t + after, () => {
      const why = userTimeoutMs
        ? `TCP_USER_TIMEOUT ${userTimeoutMs} ms passed with data unacknowledged`
        : `tcp_retries2 = ${retries2}: ${secs(after)} of retransmissions went unanswered`;
      c.reset(by, `${why}: the kernel aborts the connection`, owner, userTimeoutMs ? 'user-timeout' : 'retries2');
    });
  });
}

/**
 * An application heartbeat with a give-up count: ssh ServerAlive (clientloop.c `server_alive_check`) and
 * sshd ClientAlive (serverloop.c `client_alive_check`). A check runs every `every` seconds without a
 * packet received; it counts first and gives up once the count exceeds C, else sends its message, which
 * is data (FACTS.md sections 3 and 10). `first` is when the first check runs (whole-second clocks and
 * sshd's slip move it).
 */
export function aliveChecks(c: Connection, a: Alive, every: number, first: number, by: string, message: string): void {
  let count = 0;
  const check = () => {
    count += 1;
    if (count > a.count) {
      c.finish(
        'detect',
        by,
        `${a.count} ${message}${a.count === 1 ? '' : 's'} unanswered: ${by} gives up`,
        'heartbeat',
      );
      return;
    }
    c.write(by, 'heartbeat', `${by} sends ${message} ${count}`);
    c.at(c.now + every, check);
  };
  c.at(first, check);
}

/**
 * Elasticsearch transport pings (`TransportKeepAlive.java`, FACTS.md section 10): sent on a fixed
 * schedule whatever the answers, and never given up on, so only the kernel can end the connection.
 */
export function pings(c: Connection, first: number, by: string): void {
  c.at(first, () => c.write(by, 'heartbeat', `${by} sends a transport ping (it goes on pinging and never gives up)`));
}

/** The application writes at `at` (a result, output, a request on a reused connection). */
export function writeAt(c: Connection, at: number, by: string, note: string): void {
  c.at(at, () => {
    if (c.resetAt !== undefined)
      c.finish('detect', by, `${note}: the write fails, the kernel reset the connection`, c.resetCause ?? 'keepalive');
    else c.write(by, 'write', note);
  });
}

/**
 * nginx's request to the upstream (nginx/nginx: src/http/ngx_http_upstream.c,
 * ngx_http_upstream_next): proxy_read_timeout ends the wait `read` seconds after the request is
 * written (or, `written` false, after the request the upstream acknowledged), with 504. An error (the
 * kernel's reset) on a pooled connection adds a try: nginx retries on the next pooled connection while
 * the pool still holds one (until `poolUntil`: just as dead, it fails after `retransmit`), else on a new
 * connection, whose SYNs go into the dead path until proxy_connect_timeout (`connect`) ends it with 504.
 * An error on a new connection ends it with 502 (one server, no other try). Measured in
 * tests/lab/timeline-proxy.test.ts.
 */
export function nginxRequest(
  c: Connection,
  opts: {
    at: number;
    written: boolean;
    pooled: boolean;
    poolUntil: number;
    read: number;
    connect: number;
    retransmit: number | null;
  },
): void {
  const by = 'nginx';
  let generation = 0;
  const readTimeout = (from: number) => {
    const mine = ++generation;
    c.at(
      from + opts.read,
      () =>
        mine === generation &&
        c.finish(
          'detect',
          by,
          `proxy_read_timeout (${secs(opts.read)}) ends the wait for a reply: 504`,
          'read-timeout',
        ),
    );
  };
  const retry = (note: string) => {
    generation++;
    if (c.now < opts.poolUntil && opts.retransmit !== null) {
      c.emit('write', by, `${note}; nginx retries the request on the next pooled connection, as dead`);
      readTimeout(c.now);
      const again = opts.retransmit;
      c.at(c.now + again, () => retry('that one fails too: retransmission gives up'));
      return true;
    }
    c.emit('write', by, `${note}; nginx retries the request on a new connection, whose SYNs go unanswered`);
    const t = c.now + opts.connect;
    c.at(t, () =>
      c.finish('detect', by, `proxy_connect_timeout (${secs(opts.connect)}) ends the retry: 504`, 'connect-timeout'),
    );
    return true;
  };
  if (opts.pooled) c.onReset = (note) => retry(note);
  if (opts.written) {
    c.at(opts.at, () => {
      c.write(
        by,
        'write',
        opts.pooled ? 'nginx reuses the pooled connection for a request' : 'nginx sends a request upstream',
      );
      readTimeout(c.now);
    });
  } else readTimeout(0);
}

/**
 * A request that must be answered within `timeout` (a pool's validation): written at `at` (writeAt: a
 * socket the kernel reset fails at once), and given up by `by` when the answer has not come in time.
 */
export function writeWithTimeout(
  c: Connection,
  at: number,
  timeout: number,
  by: string,
  note: string,
  gaveUp: string,
): void {
  writeAt(c, at, by, note);
  c.at(at + timeout, () => c.finish('detect', by, gaveUp, 'read-timeout'));
}

/** The application closes the connection itself at `at` (an idle timeout: nginx keepalive_timeout, wait_timeout). */
export function closeAt(c: Connection, at: number, by: string, note: string): void {
  c.at(at, () => c.finish('close', by, note, 'idle-timeout'));
}

/** The application is busy until `until` (inside a statement) and then writes its result into the socket. */
export function busyThenWrite(c: Connection, until: number, by: string, note: string): void {
  c.busyUntil = until;
  writeAt(c, until, by, note);
}

/**
 * A periodic check of the socket while busy (PostgreSQL client_connection_check_interval, 14+): it
 * notices a reset at the first check after it.
 */
export function socketChecks(c: Connection, every: number, first: number, by: string, option: string): void {
  c.busyUntil = Number.POSITIVE_INFINITY;
  const check = () => {
    if (c.resetAt !== undefined) {
      c.finish('detect', by, `${option} finds the socket reset`, 'socket-check');
      return;
    }
    c.at(c.now + every, check);
  };
  c.at(first, check);
}
