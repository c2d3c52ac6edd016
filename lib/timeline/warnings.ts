/**
 * Warnings where the timeline shows a trade-off: each reads the layers' worst situations and events,
 * never a figure restated by hand. Codes are stable (the JSON contract).
 */
import type { SnippetId } from '../catalog';
import { LINUX_RETRIES2, RETRIES2_OFFER, retransmissionAbort } from '../detection';
import type { Context } from '../targets/target';
import { formatDuration } from '../time';
import type { LayerDetection, Warning } from '../types';
import { SITUATION_LABELS, explain } from './index';

const fmt = (s: number | null) => (s === null ? 'never' : formatDuration(s));

/** Whether the kernel's retransmission timer without TCP_USER_TIMEOUT decides a layer's worst case. */
export const retries2Decides = (d: LayerDetection): boolean => d.after.decidedBy === 'retries2';

export function timelineWarnings(
  ctx: Context,
  detection: readonly LayerDetection[],
  unreached: readonly LayerDetection[],
): Warning[] {
  const { values, input } = ctx;
  const w: Warning[] = [];
  const u = values.userTimeoutMs;
  if (u !== undefined) {
    // FACTS.md section 10: tcp_probe_timer aborts after U of zero-window probing, though the live peer ACKs every probe.
    w.push({
      code: 'user-timeout-slow-reader',
      concerns: 'user_timeout',
      message: `TCP_USER_TIMEOUT ${u} ms (${formatDuration(u / 1000)}) is also the longest pause a healthy reader may take: a live client that stops reading (a pager, a paused consumer, a slow COPY FROM) is disconnected about ${formatDuration(u / 1000)} after its window closes. If yours pause longer, raise it with user_timeout=MS; a write into a dead path then takes that much longer to fail.`,
    });
  }
  for (const d of detection.filter(
    (x) => x.after.events.some((e) => e.kind === 'suspend') && x.after.events.some((e) => e.kind === 'heartbeat'),
  )) {
    w.push({
      code: 'heartbeat-suspends-keepalive',
      concerns: HEARTBEAT_SNIPPET[d.layer],
      message: `${cap(d.label)}: its heartbeat is data, and while it is unacknowledged the kernel stops probing, so TCP keepalive cannot end the connection sooner. ${explain(d.after.events)}.`,
    });
  }
  const upstream = detection.find((d) => d.layer === 'nginx-upstream');
  const request = upstream?.after.situations.find((s) => s.situation === 'waiting-for-reply');
  if (request) {
    w.push({
      code: 'in-flight-read-timeout',
      concerns: 'nginx-conf',
      message: `A request nginx writes on a pooled connection after the path died is data in flight: keepalive stops, and the request waits for proxy_read_timeout (60 s) before it fails with 504. An error on a pooled connection (the kernel's reset) makes nginx retry, on the next pooled connection or on a new one that waits for proxy_connect_timeout (60 s), so a lower tcp_retries2 does not help here: ${fmt(request.worstCaseSeconds)} after the death at worst. A keepalive_timeout below the path's timeout keeps such connections out of the pool.`,
    });
  }
  const mysql = detection.find((d) => d.layer === 'mysql-server');
  const statement = mysql?.after.situations.find((s) => s.situation === 'waiting-for-reply');
  if (mysql && statement) {
    w.push({
      code: 'busy-thread',
      concerns: 'my-cnf',
      message: `A server thread inside a statement (a row-lock wait, up to innodb_lock_wait_timeout 50 s; SLEEP or GET_LOCK, polled every 5 s) ignores its dead client until the statement ends; its result is then data in flight, and retransmission decides: ${fmt(statement.worstCaseSeconds)} at worst.`,
    });
  }
  const sshd = detection.find((d) => d.layer === 'ssh-server');
  const chatty = sshd?.after.situations.find((s) => s.situation === 'chatty-session');
  if (chatty) {
    w.push({
      code: 'chatty-session',
      concerns: 'sshd-config',
      message: `sshd sends ClientAlive only when a poll times out: a session with output more often than ClientAliveInterval (a tail -f) is never probed, and its output in flight leaves only retransmission to end it: ${fmt(chatty.worstCaseSeconds)} with tcp_retries2 = ${values.retries2 ?? LINUX_RETRIES2}.`,
    });
  }
  const byRetries = detection.filter(retries2Decides);
  if (byRetries.length > 0) {
    const n = values.retries2 ?? LINUX_RETRIES2;
    const offer = values.retries2 ?? RETRIES2_OFFER;
    const names = byRetries
      .map((d) => `${d.label} (${fmt(d.after.worstCaseSeconds)}, ${SITUATION_LABELS[d.after.situation]})`)
      .join('; ');
    const cost = `It applies to every TCP connection of the host (its network namespace): an outage longer than ${formatDuration(retransmissionAbort(offer))} (a failover, a flapping link) then drops healthy connections too. RFC 1122 asks for at least 100 s (8).`;
    w.push({
      code: 'tcp-retries2',
      concerns: 'sysctl',
      message:
        values.retries2 === undefined
          ? `Data in flight decides: ${names}, with tcp_retries2 = ${n} (${formatDuration(retransmissionAbort(n))} of retransmissions). net.ipv4.tcp_retries2 = ${offer} would make that ${formatDuration(retransmissionAbort(offer))}; the sysctl snippet offers it, commented out. ${cost}`
          : `The goal needs net.ipv4.tcp_retries2 = ${n} (${formatDuration(retransmissionAbort(n))} of retransmissions, was ${formatDuration(retransmissionAbort(LINUX_RETRIES2))}) for ${names}: the sysctl snippet sets it. ${cost}`,
    });
  }
  const goal = input.goal;
  for (const d of unreached) {
    w.push({
      code: 'goal-unmet',
      concerns: 'goal',
      message: `No values bring ${d.label} within the goal of ${formatDuration(goal ?? 0)}: ${SITUATION_LABELS[d.after.situation]}, ${explain(d.after.events)}.`,
    });
  }
  return w;
}

/** The snippet that sets each heartbeat, for placing the warning beside it. */
const HEARTBEAT_SNIPPET: Partial<Record<LayerDetection['layer'], SnippetId>> = {
  'ssh-client': 'ssh-config',
  'ssh-server': 'sshd-config',
  'elasticsearch-transport': 'elasticsearch-yml',
};

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
