/**
 * plan(Input) -> Plan: chooses the values (or takes the explicit ones), computes every layer's worst
 * case before and after, and says in plain words what an expert would warn about.
 */
import { chooseKeepalive, isInfeasible } from './choose';
import { LINUX_DEFAULTS, LINUX_RETRIES2, idleKeepalive, inFlight, retries2UpperBound } from './detection';
import { explainInfeasible, summarizePath } from './path';
import { aggressiveWarnings } from './plausible';
import { targetOf } from './targets';
import type { Context, Gaps } from './targets/target';
import { formatDuration } from './time';
import type { Infeasible, Input, Keepalive, LayerDetection, PathSummary, Plan, Values, Warning } from './types';
import { writeQuery } from './url';

/** Whether an idle connection outlives the path: each kind of box must see traffic before it forgets the flow. */
function survives(path: PathSummary, gaps: Gaps): boolean | null {
  if (path.packetTimeout === undefined && path.payloadTimeout === undefined) return null;
  const ok = (timeout: number | undefined, gap: number | undefined) => timeout === undefined || (gap !== undefined && gap < timeout);
  return ok(path.packetTimeout, gaps.packet) && ok(path.payloadTimeout, gaps.payload);
}

function commonWarnings(ctx: Context, detection: readonly LayerDetection[]): Warning[] {
  const { values, path, input, source } = ctx;
  const k = values.keepalive;
  const w: Warning[] = [
    { code: 'container-sysctls', concerns: 'docker', message: "Keepalive sysctls are per network namespace: a container starts with the kernel's defaults (7200/75/9), not the host's. Give each container its own (docker --sysctl, compose sysctls, Kubernetes securityContext)." },
  ];
  if (values.userTimeoutMs === undefined) {
    const [lo, hi] = [inFlight(undefined).worstCaseSeconds ?? 0, Math.round(retries2UpperBound(LINUX_RETRIES2))];
    w.push({ code: 'data-in-flight', concerns: 'sysctl', message: `Keepalive only runs on idle connections. With unacknowledged data in flight the retransmission timer decides: about ${formatDuration(lo)} to ${formatDuration(hi)} with tcp_retries2 = ${LINUX_RETRIES2}, unless TCP_USER_TIMEOUT is set.` });
  }
  if (source !== 'explicit') return w;
  if (k.count < 3) w.push({ code: 'explicit-few-probes', concerns: 'keepalive', message: `P = ${k.count}: a single lost probe can drop a healthy connection. Use at least 3.` });
  if (path.probeDeadline !== undefined && k.idle + k.interval >= path.probeDeadline) {
    w.push({ code: 'explicit-exceeds-path-timeout', concerns: 'keepalive', message: `T + I = ${k.idle + k.interval} s is not below ${path.probeDeadline} s (the path's ${path.packetTimeout} s less a margin): one lost probe and the box forgets the idle connection.` });
  }
  const goal = input.goal;
  const late = goal === undefined ? undefined : detection.find((d) => d.after.worstCaseSeconds !== null && d.after.worstCaseSeconds > goal);
  if (goal !== undefined && late) {
    w.push({ code: 'explicit-exceeds-goal', concerns: 'goal', message: `With these values ${late.label} detects a dead peer within ${formatDuration(late.after.worstCaseSeconds ?? 0)}, more than the goal of ${formatDuration(goal)}.` });
  }
  return w;
}

/** Turns an input into a plan. Never throws for a valid Input. */
export function plan(input: Input): Plan {
  const { path, boxes, warnings: pathWarnings } = summarizePath(input);
  const target = targetOf(input.target);
  const explicit = input.keepalive !== undefined || (input.target === 'ssh' && input.alive !== undefined);
  let infeasible: Infeasible | undefined;

  let keepalive: Keepalive;
  if (input.keepalive) keepalive = input.keepalive;
  else {
    const chosen = chooseKeepalive(path.probeDeadline, input.goal, target.limits);
    infeasible = isInfeasible(chosen) ? explainInfeasible(chosen, path) : undefined;
    keepalive = isInfeasible(chosen) ? LINUX_DEFAULTS : chosen;
  }
  const planned = !input.keepalive && !infeasible;
  // TCP_USER_TIMEOUT = the idle worst case keeps idle detection unchanged and bounds data in flight too.
  const userTimeoutMs = input.userTimeout ?? (planned && target.userTimeout(input) ? idleKeepalive(keepalive).worstCaseSeconds! * 1000 : undefined);
  const extras = target.extras(input, path);
  if (!infeasible && isInfeasible(extras)) infeasible = extras;

  const values: Values = {
    keepalive,
    userTimeoutMs,
    serverAlive: undefined,
    clientAlive: undefined,
    nginxPoolTimeout: undefined,
    esPingSchedule: undefined,
    ...(isInfeasible(extras) ? {} : extras),
  };
  const shareQuery = writeQuery(input);
  const ctx: Context = { input, path, boxes, values, source: explicit ? 'explicit' : 'planned', shareQuery };
  const linux: LayerDetection = { layer: 'linux', label: 'the kernel (sockets with SO_KEEPALIVE and no values of their own)', before: idleKeepalive(LINUX_DEFAULTS), after: idleKeepalive(keepalive) };
  let detection = [linux, ...target.layers(ctx)];
  // Nothing is changed when no values fit: "after" is "before", and no snippet is rendered.
  if (infeasible) detection = detection.map((d) => ({ ...d, after: d.before }));

  return {
    input,
    path,
    source: ctx.source,
    values,
    detection,
    headline: target.headline,
    survives: { before: survives(path, target.gaps(ctx, 'before')), after: infeasible ? null : survives(path, target.gaps(ctx, 'after')) },
    warnings: [...pathWarnings, ...target.warnings(ctx), ...commonWarnings(ctx, detection), ...aggressiveWarnings({ values, infeasible })],
    infeasible,
    shareQuery,
  };
}
