/**
 * plan(Input) -> Plan: chooses the values (or takes the explicit ones), runs every layer's timeline
 * before and after (lib/timeline), decides survival with one function (lib/timeline/survival.ts), and
 * says in plain words what an expert would warn about. The planner chooses by the timeline, so the
 * figures it prints are what happens when the mechanisms run together.
 */
import { chooseKeepalive, isInfeasible } from './choose';
import {
  LINUX_DEFAULTS,
  LINUX_RETRIES2,
  RETRIES2_CHOICES,
  idleKeepalive,
  inFlight,
  retries2UpperBound,
} from './detection';
import { explainInfeasible, summarizePath } from './path';
import { aggressiveWarnings } from './plausible';
import { targetOf } from './targets';
import { codeLayers } from './targets/code';
import type { Context } from './targets/target';
import { detectionOf } from './timeline';
import { idle } from './timeline/models';
import { survival } from './timeline/survival';
import { timelineWarnings } from './timeline/warnings';
import { formatDuration } from './time';
import type { Infeasible, Input, Keepalive, LayerDetection, PathSummary, Plan, Values, Warning } from './types';
import { writeQuery } from './url';
import type { Middlebox } from './middleboxes';

function commonWarnings(ctx: Context, detection: readonly LayerDetection[]): Warning[] {
  const { values, path, input, source } = ctx;
  const k = values.keepalive;
  const w: Warning[] = [
    {
      code: 'container-sysctls',
      concerns: 'docker',
      message:
        "Keepalive sysctls are per network namespace: a container starts with the kernel's defaults (7200/75/9), not the host's. Give each container its own (docker --sysctl, compose sysctls, Kubernetes securityContext).",
    },
  ];
  if (values.userTimeoutMs === undefined) {
    const n = values.retries2 ?? LINUX_RETRIES2;
    const [lo, hi] = [inFlight(undefined, n).worstCaseSeconds ?? 0, Math.round(retries2UpperBound(n))];
    w.push({
      code: 'data-in-flight',
      concerns: 'sysctl',
      message: `Keepalive only runs on idle connections. With unacknowledged data in flight the retransmission timer decides: about ${formatDuration(lo)} to ${formatDuration(hi)} with tcp_retries2 = ${n}, unless TCP_USER_TIMEOUT is set.`,
    });
  }
  if (source !== 'explicit') return w;
  if (k.count < 3)
    w.push({
      code: 'explicit-few-probes',
      concerns: 'keepalive',
      message: `P = ${k.count}: a single lost probe can drop a healthy connection. Use at least 3.`,
    });
  if (path.probeDeadline !== undefined && k.idle + k.interval >= path.probeDeadline) {
    w.push({
      code: 'explicit-exceeds-path-timeout',
      concerns: 'keepalive',
      message: `T + I = ${k.idle + k.interval} s is not below ${path.probeDeadline} s (the path's ${path.packetTimeout} s less a margin): one lost probe and the box forgets the idle connection.`,
    });
  }
  const goal = input.goal;
  const late =
    goal === undefined
      ? undefined
      : detection.find((d) => d.after.worstCaseSeconds === null || d.after.worstCaseSeconds > goal);
  if (goal !== undefined && late) {
    const worst = late.after.worstCaseSeconds;
    w.push({
      code: 'explicit-exceeds-goal',
      concerns: 'goal',
      message: `With these values ${late.label} ${worst === null ? 'never detects a dead peer' : `detects a dead peer within ${formatDuration(worst)}`}, more than the goal of ${formatDuration(goal)}.`,
    });
  }
  return w;
}

interface Base {
  readonly path: PathSummary;
  readonly boxes: readonly Middlebox[];
  readonly shareQuery: string;
  readonly explicit: boolean;
}

interface Built {
  readonly ctx: Context;
  readonly detection: LayerDetection[];
  /** Why the target's own values (alive messages, a pool or ping period) do not fit, if they do not. */
  readonly infeasible: Infeasible | undefined;
}

/** The values, the context and every layer's timeline for one choice of keepalive and tcp_retries2. */
function build(input: Input, base: Base, keepalive: Keepalive, retries2: number | undefined, planned: boolean): Built {
  const target = targetOf(input.target);
  // TCP_USER_TIMEOUT = the idle worst case keeps idle detection unchanged and bounds data in flight too.
  const userTimeoutMs =
    input.user_timeout ??
    (planned && target.userTimeout(input) ? idleKeepalive(keepalive).worstCaseSeconds! * 1000 : undefined);
  const extras = target.extras(input, base.path);
  const values: Values = {
    keepalive,
    userTimeoutMs,
    retries2,
    ...(isInfeasible(extras) ? {} : extras),
  };
  const ctx: Context = {
    input,
    path: base.path,
    boxes: base.boxes,
    values,
    source: base.explicit ? 'explicit' : 'planned',
    shareQuery: base.shareQuery,
  };
  const linuxModels = (k: Keepalive) => [idle({ keepalive: k, owner: 'the application' })];
  const linux: LayerDetection = {
    layer: 'linux',
    label: 'the kernel (sockets with SO_KEEPALIVE and no values of their own)',
    before: detectionOf(linuxModels(LINUX_DEFAULTS)),
    after: detectionOf(linuxModels(keepalive)),
  };
  return {
    ctx,
    detection: [linux, ...target.layers(ctx), ...codeLayers(ctx)],
    infeasible: isInfeasible(extras) ? extras : undefined,
  };
}

const within = (d: LayerDetection, goal: number) =>
  d.after.worstCaseSeconds !== null && d.after.worstCaseSeconds <= goal;

/** Turns an input into a plan. Never throws for a valid Input. */
export function plan(input: Input): Plan {
  const { path, boxes, warnings: pathWarnings } = summarizePath(input);
  const target = targetOf(input.target);
  const explicit = input.keepalive !== undefined || (input.target === 'ssh' && input.alive !== undefined);
  const shareQuery = writeQuery(input);
  const base: Base = { path, boxes, shareQuery, explicit };
  const goal = input.goal;
  let infeasible: Infeasible | undefined;

  // The layers no choice can bring under the goal (a read timeout, a server's own timer): judged with the
  // fastest values the chooser allows and the strongest tcp_retries2; they are named, and the rest must fit.
  const fastest =
    goal === undefined || input.keepalive
      ? undefined
      : build(input, base, { idle: 1, interval: 1, count: 3 }, RETRIES2_CHOICES.at(-1), true);
  const unmet = new Set(
    fastest && goal !== undefined ? fastest.detection.filter((d) => !within(d, goal)).map((d) => d.layer) : [],
  );
  const fitsGoal = (b: Built) =>
    goal === undefined || (!b.infeasible && b.detection.every((d) => unmet.has(d.layer) || within(d, goal)));

  let keepalive: Keepalive;
  if (input.keepalive) keepalive = input.keepalive;
  else {
    const accept = (k: Keepalive) => fitsGoal(build(input, base, k, RETRIES2_CHOICES.at(-1), true));
    const chosen = chooseKeepalive(path.probeDeadline, goal, target.limits, goal === undefined ? undefined : accept);
    infeasible = isInfeasible(chosen) ? explainInfeasible(chosen, path) : undefined;
    keepalive = isInfeasible(chosen) ? LINUX_DEFAULTS : chosen;
  }
  const planned = !input.keepalive && !infeasible;

  // tcp_retries2 only where the goal needs it: the most cautious value that brings every layer within the
  // goal, or, for a layer no values bring within it, as close as the strongest value would.
  let built = build(input, base, keepalive, undefined, planned);
  if (planned && goal !== undefined) {
    const strongest = build(input, base, keepalive, RETRIES2_CHOICES.at(-1), planned);
    const target = (layer: LayerDetection['layer']) => {
      const best = strongest.detection.find((d) => d.layer === layer)?.after.worstCaseSeconds ?? null;
      return unmet.has(layer) && best !== null ? Math.max(goal, best) : goal;
    };
    const fits = (b: Built) =>
      !b.infeasible &&
      b.detection.every(
        (d) =>
          (d.after.worstCaseSeconds !== null && d.after.worstCaseSeconds <= target(d.layer) + 1e-9) ||
          (unmet.has(d.layer) && d.after.decidedBy !== 'retries2'),
      );
    if (!fits(built))
      built = RETRIES2_CHOICES.map((n) => build(input, base, keepalive, n, planned)).find(fits) ?? built;
  }
  // The target's own values (alive messages, a pool or ping period) do not fit: the snippets are withheld.
  infeasible = infeasible ?? built.infeasible;
  const { ctx } = built;
  let detection = built.detection;
  // Nothing is changed when no values fit: "after" is "before", and no snippet is rendered.
  if (infeasible)
    detection = detection.map((d) => ({
      ...d,
      after: d.before,
      ...(d.parts && { parts: d.parts.map((p) => ({ ...p, after: p.before })) }),
    }));

  const unreached = planned && goal !== undefined ? detection.filter((d) => !within(d, goal)) : [];
  return {
    input,
    path,
    source: ctx.source,
    values: ctx.values,
    detection,
    headline: target.headline,
    survival: {
      before: survival(input, target.gaps(ctx, 'before')),
      after: infeasible ? { ok: null, failing: undefined } : survival(input, target.gaps(ctx, 'after')),
    },
    warnings: [
      ...pathWarnings,
      ...target.warnings(ctx),
      ...commonWarnings(ctx, detection),
      ...(infeasible ? [] : timelineWarnings(ctx, detection, unreached)),
      ...aggressiveWarnings({ values: ctx.values, infeasible }),
    ],
    infeasible,
    shareQuery,
  };
}
