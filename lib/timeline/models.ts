/**
 * The situation models the targets are made of: one socket's kernel mechanisms (keepalive, TCP_USER_TIMEOUT,
 * retransmission) plus what the application does on it. Each returns a SituationModel of lib/timeline.
 */
import { LINUX_RETRIES2 } from '../detection';
import type { Alive, Keepalive, Term } from '../types';
import type { Connection } from './connection';
import { worstOutcome, type SituationId, type SituationModel } from './index';
import {
  aliveChecks,
  busyThenWrite,
  closeAt,
  kernelKeepalive,
  nginxRequest,
  pings,
  retransmission,
  socketChecks,
  writeAt,
  writeWithTimeout,
} from './mechanisms';

/** The kernel side of one socket: its keepalive (undefined: SO_KEEPALIVE off), U, tcp_retries2, and whose socket it is. */
export interface Socket {
  readonly keepalive: Keepalive | undefined;
  readonly userTimeoutMs?: number | undefined;
  readonly retries2?: number | undefined;
  /** Who owns the socket and learns of a reset ("the backend", "psql"). */
  readonly owner: string;
}

/** Just before a time: the last phase at which an action still races the mechanism that ends at it. */
const JUST_BEFORE = 1e-6;

const s = (name: string, value: number): Term => ({ name, value, unit: 's' });
const n = (name: string, value: number): Term => ({ name, value, unit: 'count' });

export function socketTerms(sock: Socket): Term[] {
  const k = sock.keepalive;
  const terms: Term[] = k ? [s('T', k.idle), s('I', k.interval), n('P', k.count)] : [];
  if (sock.userTimeoutMs) terms.push({ name: 'U', value: sock.userTimeoutMs, unit: 'ms' });
  else terms.push(n('tcp_retries2', sock.retries2 ?? LINUX_RETRIES2));
  return terms;
}

/** Every field of a socket in one string (cheaper than JSON on the page's every edit). */
const socketKey = (s: Socket) => {
  const k = s.keepalive;
  return `${k ? `${k.idle},${k.interval},${k.count}` : '-'}|${s.userTimeoutMs ?? ''}|${s.retries2 ?? ''}|${s.owner}`;
};

function kernel(c: Connection, sock: Socket): void {
  if (sock.keepalive) kernelKeepalive(c, sock.keepalive, sock.userTimeoutMs, sock.owner);
  retransmission(c, sock.userTimeoutMs, sock.retries2 ?? LINUX_RETRIES2, sock.owner);
}

interface Extra {
  /** What the extra mechanisms are, with every parameter: with the socket, it names the model (a cache key). */
  readonly key?: string;
  readonly offsetMeans?: string;
  readonly range?: readonly [number, number];
  readonly offsets?: readonly number[];
  readonly terms?: readonly Term[];
  readonly build?: (c: Connection, offset: number) => void;
}

function model(situation: SituationId, sock: Socket, extra: Extra = {}): SituationModel {
  return {
    situation,
    offsetMeans: extra.offsetMeans ?? 'no free phase: the worst case is a death right after the last segment received',
    range: extra.range ?? [0, 0],
    offsets: extra.offsets ?? [0],
    terms: [...socketTerms(sock), ...(extra.terms ?? [])],
    key: `${situation}|${socketKey(sock)}|${extra.key ?? ''}|${(extra.offsets ?? [0]).join(',')}`,
    build: (c, offset) => {
      kernel(c, sock);
      extra.build?.(c, offset);
    },
  };
}

/** An idle connection: only the kernel's keepalive (and whatever `extra` adds) can end it. */
export function idle(sock: Socket, extra: Extra = {}): SituationModel {
  return model('idle', sock, extra);
}

/** When the idle kernel alone ends the connection (null: never): the latest moment an action can still race it. */
export function kernelEnd(sock: Socket): number | null {
  return worstOutcome(idle(sock)).worstCaseSeconds;
}

/** Candidate phases in [0, end): the start, and just before the end (where a write races the kernel). */
function upTo(end: number | null, cap?: number): { range: [number, number]; offsets: number[] } {
  const limit = end === null ? cap : cap === undefined ? end : Math.min(end, cap);
  if (limit === undefined || limit <= JUST_BEFORE) return { range: [0, 0], offsets: [0] };
  return { range: [0, limit - JUST_BEFORE], offsets: [0, limit - JUST_BEFORE] };
}

/**
 * The application writes into the dead path at some moment before the kernel would have reset the
 * socket (at most `cap` after the last segment): keepalive stops, and the retransmission timer (U or
 * tcp_retries2) decides, counted from the write (FACTS.md section 10, a PostgreSQL backend writing).
 */
export function writes(situation: SituationId, sock: Socket, by: string, note: string, cap?: number): SituationModel {
  const { range, offsets } = upTo(kernelEnd(sock), cap);
  return model(situation, sock, {
    offsetMeans: `when ${by} writes, seconds after the last segment received`,
    range,
    offsets,
    key: ['writes', by, note].join('|'),
    build: (c, offset) => writeAt(c, offset, by, note),
  });
}

/**
 * nginx's request to the upstream after the path died (lib/timeline/mechanisms.ts nginxRequest): written
 * at some moment before the idle connection would have ended (offset >= 0), or, at the negative offset
 * ACKNOWLEDGED, sent before the death and acknowledged by the upstream, which then never answers (nothing
 * in flight: the kernel's keepalive keeps running). A pooled connection's error makes nginx retry.
 */
export function nginxUpstreamRequest(
  sock: Socket,
  opts: { pooled: boolean; poolEnd: number; read: number; connect: number; retransmit: number | null },
  terms: readonly Term[],
): SituationModel {
  const ends = [opts.pooled ? opts.poolEnd : 0, kernelEnd(sock)].filter((t): t is number => t !== null);
  const { range, offsets } = upTo(Math.min(...ends));
  return model('waiting-for-reply', sock, {
    offsetMeans: `when nginx writes the request, seconds after the last segment received (${ACKNOWLEDGED}: it went out before, and the upstream acknowledged it)`,
    range,
    offsets: [...offsets, ACKNOWLEDGED],
    terms: [...terms, s('proxy_read_timeout', opts.read), s('proxy_connect_timeout', opts.connect)],
    key: ['nginx', opts.pooled, opts.poolEnd, opts.read, opts.connect, opts.retransmit].join('|'),
    build: (c, offset) =>
      nginxRequest(c, {
        ...opts,
        at: Math.max(0, offset),
        written: offset >= 0,
        poolUntil: opts.pooled ? opts.poolEnd : 0,
      }),
  });
}

/** The offset of a request sent before the death and acknowledged (nginxUpstreamRequest). */
export const ACKNOWLEDGED = -1;

/**
 * A thread inside a statement that lasts up to `statementMax` seconds: it ignores the socket until the
 * statement ends, then writes its result (FACTS.md section 10, MariaDB in a row-lock wait).
 */
export function insideStatement(
  sock: Socket,
  by: string,
  statementMax: number,
  terms: readonly Term[],
): SituationModel {
  const end = kernelEnd(sock);
  const offsets = [0, statementMax];
  if (end !== null && end < statementMax && end > JUST_BEFORE) offsets.push(end - JUST_BEFORE);
  if (end !== null && end >= statementMax) offsets.push(statementMax);
  return model('waiting-for-reply', sock, {
    offsetMeans: `when the statement ends and ${by} writes its result, seconds after the last segment received`,
    range: [0, statementMax],
    offsets: [...new Set(offsets)].sort((a, b) => a - b),
    terms,
    key: ['statement', by, statementMax].join('|'),
    build: (c, offset) => busyThenWrite(c, offset, by, `the statement ends and ${by} writes its result`),
  });
}

/** A backend busy in a query without output that checks its socket every `every` seconds (PostgreSQL 14+). */
export function busyWithChecks(sock: Socket, by: string, every: number, option: string): SituationModel {
  const end = kernelEnd(sock);
  // The check's phase: the worst lands just before the reset, so the next one is a whole period later.
  const late = end === null ? every : ((end % every) - JUST_BEFORE + every) % every || every;
  return model('waiting-for-reply', sock, {
    offsetMeans: `when ${option} first checks the socket, seconds after the last segment received`,
    range: [JUST_BEFORE, every],
    offsets: [...new Set([every, late])],
    terms: [s(option, every)],
    key: ['checks', by, every, option].join('|'),
    build: (c, offset) => socketChecks(c, every, offset, by, option),
  });
}

/**
 * Heartbeats with a give-up count (ssh ServerAlive, sshd ClientAlive), a check every `every` seconds
 * without a packet received. With `wholeSeconds` (the ssh client, FACTS.md section 10) the first check
 * runs between one second early and `every` after the last segment; sshd's doubled spacing holds at any
 * sub-second phase (FACTS.md section 10), so its first check is at `every`.
 */
export function heartbeat(
  sock: Socket,
  a: Alive,
  every: number,
  by: string,
  message: string,
  terms: readonly Term[],
  wholeSeconds: boolean,
): SituationModel {
  const key = ['alive', a.interval, a.count, every, by, message, wholeSeconds].join('|');
  if (!wholeSeconds) return idle(sock, { terms, key, build: (c) => aliveChecks(c, a, every, every, by, message) });
  const early = Math.max(JUST_BEFORE, every - 1 + JUST_BEFORE);
  // Where the kernel would end the idle connection inside that second, a check just before it races it.
  const end = kernelEnd(sock);
  const racing = end !== null && end > early && end <= every ? [end - JUST_BEFORE] : [];
  return idle(sock, {
    offsetMeans: `when ${by}'s first check runs, seconds after the last segment received (its clock counts whole seconds)`,
    range: [early, every],
    offsets: [every, early, ...racing],
    terms,
    key,
    build: (c, offset) => aliveChecks(c, a, every, offset, by, message),
  });
}

/** Pings that never give up (Elasticsearch): the first goes out between one and two periods after the last segment. */
export function pinging(sock: Socket, period: number, by: string, terms: readonly Term[]): SituationModel {
  return idle(sock, {
    offsetMeans: `when ${by}'s first ping goes out, seconds after the last segment received`,
    range: [period, 2 * period - JUST_BEFORE],
    offsets: [2 * period - JUST_BEFORE, period],
    terms,
    key: ['pings', period, by].join('|'),
    build: (c, offset) => pings(c, offset, by),
  });
}

/** The application closes an idle connection itself after `seconds` (nginx keepalive_timeout, wait_timeout). */
export function closesIdle(
  sock: Socket,
  seconds: number,
  by: string,
  note: string,
  terms: readonly Term[],
): SituationModel {
  return idle(sock, {
    terms,
    key: ['closes', seconds, by, note].join('|'),
    build: (c) => closeAt(c, seconds, by, note),
  });
}

/**
 * A connection idle in a pool (lib/targets/pools.ts): the pool may close it itself after `closeAfter`
 * seconds (its idle or lifetime timer), and may validate it every `ping.every` seconds (HikariCP
 * keepaliveTime): a validation on a dead path is data in flight, so the kernel's keepalive stops, and
 * the pool gives up on it after `ping.timeout` (validationTimeout). The first validation after the
 * death comes between just after it and a whole period later.
 */
export function pooledIdle(
  sock: Socket,
  by: string,
  opts: { closeAfter?: number; closeNote?: string; ping?: { every: number; timeout: number } },
  terms: readonly Term[],
): SituationModel {
  const { closeAfter, ping } = opts;
  const closeNote = opts.closeNote ?? 'the pool closes the idle connection';
  const close = (c: Connection) => {
    if (closeAfter !== undefined) closeAt(c, closeAfter, by, closeNote);
  };
  if (!ping) return idle(sock, { terms, key: ['pooled', by, closeAfter ?? '-', closeNote].join('|'), build: close });
  return idle(sock, {
    offsetMeans: `when ${by} first validates the idle connection, seconds after the last segment received`,
    range: [JUST_BEFORE, ping.every],
    offsets: [ping.every, JUST_BEFORE],
    terms,
    key: ['pooled', by, closeAfter ?? '-', closeNote, ping.every, ping.timeout].join('|'),
    build: (c, offset) => {
      close(c);
      writeWithTimeout(
        c,
        offset,
        ping.timeout,
        by,
        `${by} validates the idle connection (keepaliveTime)`,
        `the validation gets no reply within ${ping.timeout} s (validationTimeout): ${by} discards the connection`,
      );
    },
  });
}

/**
 * The application checks a connection out of a pool that validates it first (HikariCP tests every
 * connection idle for more than 500 ms with isValid before handing it out): each validation is data in
 * flight on the dead path, and every idle connection is as dead as this one, so the checkout tries them
 * in turn until it gives up after `timeout` seconds and the query fails (`note` says how). The checkout
 * comes at some moment before the connection would have left the pool (`cap`).
 */
export function validatedCheckout(
  sock: Socket,
  by: string,
  timeout: number,
  cap: number | undefined,
  terms: readonly Term[],
  note: string,
): SituationModel {
  const { range, offsets } = upTo(kernelEnd(sock), cap);
  return model('waiting-for-reply', sock, {
    offsetMeans: `when the application checks the connection out of ${by}, seconds after the last segment received`,
    range,
    offsets,
    terms,
    key: ['checkout', by, timeout, note].join('|'),
    build: (c, offset) => {
      writeWithTimeout(c, offset, timeout, by, `${by} validates the connection before handing it out`, note);
    },
  });
}

/**
 * Application PINGs that must be answered within `timeout` (gRPC's HTTP/2 keepalive): the first goes out
 * between just after the last segment and `every` later; on a dead path it is data in flight, so the
 * kernel's keepalive stops, and the sender closes the connection once `timeout` has passed without an answer.
 */
export function answeredPings(
  sock: Socket,
  every: number,
  timeout: number,
  by: string,
  terms: readonly Term[],
): SituationModel {
  return idle(sock, {
    offsetMeans: `when ${by}'s first PING goes out, seconds after the last segment received`,
    range: [JUST_BEFORE, every],
    offsets: [every, JUST_BEFORE],
    terms,
    key: ['answered', every, timeout, by].join('|'),
    build: (c, offset) => {
      c.at(offset, () => c.write(by, 'heartbeat', `${by} sends a PING`));
      c.at(offset + timeout, () =>
        c.finish(
          'detect',
          by,
          `the PING gets no answer within ${timeout} s (keepalive timeout): ${by} closes the connection`,
          'heartbeat',
        ),
      );
    },
  });
}
