import type { Plan } from '@/lib/types';
import { formatDuration } from '@/lib/time';
import { ASSUMED } from '@/lib/path';
import { headlineLayer } from '@/lib/summary';
import { explain } from '@/lib/timeline';
import { scheduleOf, type Schedule } from './schedule';
import { TimelineRow } from './TimelineRow';

function describe(
  name: string,
  s: Schedule,
  events: string,
  deadline: number | undefined,
  survives: boolean | null,
  assumed: boolean,
): string {
  const parts = [
    `${name}: ${events || 'no probes'}`,
    s.detect === null ? 'a dead peer is never noticed' : `a dead peer is noticed after ${formatDuration(s.detect)}`,
  ];
  if (deadline !== undefined) {
    const path = assumed ? 'a path with the assumed idle timeout (none was given)' : 'the path';
    parts.push(
      `${path} forgets an idle connection after ${formatDuration(deadline)}${survives === false ? ', before any probe refreshes it' : ''}`,
    );
  }
  return parts.join('; ');
}

/**
 * The headline layer's timeline after the last packet, before and after: silence, probes, the
 * path's deadline and the moment of detection. Each row has its own time scale.
 */
export function Timeline(props: { plan: Plan }) {
  const { plan } = props;
  const layer = headlineLayer(plan);
  if (!layer) return null;
  // The box the survival verdict names in each phase (lib/timeline/survival.ts), else the shortest on the path.
  const limits = [plan.path.packetTimeout, plan.path.payloadTimeout].filter((t): t is number => t !== undefined);
  const shortest = limits.length ? Math.min(...limits) : undefined;
  const deadlineOf = (phase: 'before' | 'after') => plan.survival[phase].failing?.seconds ?? shortest;
  const before = scheduleOf(layer.before);
  const after = scheduleOf(layer.after);
  const assumed = plan.path.packetFrom === ASSUMED;
  const desc = `${describe('Before', before, explain(layer.before.events), deadlineOf('before'), plan.survival.before.ok, assumed)}. ${describe('After', after, explain(layer.after.events), deadlineOf('after'), plan.survival.after.ok, assumed)}.`;
  // The figure is named by its visible caption; the picture inside is named and described on its own.
  return (
    <figure
      aria-labelledby="timeline-caption"
      className="rounded-lg border border-slate-200 p-3 [contain-intrinsic-size:auto_15rem] [content-visibility:auto] dark:border-slate-700"
    >
      <figcaption id="timeline-caption" className="mb-1 text-sm font-medium text-slate-800 dark:text-slate-200">
        Timeline of an idle connection to a dead peer, before and after
      </figcaption>
      <svg
        role="img"
        aria-labelledby="timeline-title"
        aria-describedby="timeline-desc"
        width="100%"
        height="176"
        className="block overflow-visible"
      >
        <title id="timeline-title">What happens after the last packet, before and after the change</title>
        <desc id="timeline-desc">{desc}</desc>
        <defs>
          <pattern id="gone" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="2" height="6" className="fill-red-500/40" />
          </pattern>
        </defs>
        <TimelineRow
          y={0}
          label="Before"
          schedule={before}
          deadline={deadlineOf('before')}
          assumed={assumed}
          survives={plan.survival.before.ok}
        />
        <TimelineRow
          y={88}
          label="After"
          schedule={after}
          deadline={deadlineOf('after')}
          assumed={assumed}
          survives={plan.survival.after.ok}
        />
      </svg>
      <div
        className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400"
        aria-hidden="true"
      >
        <span>
          <Swatch className="fill-slate-300 dark:fill-slate-600" /> silence
        </span>
        <span>
          <Dot /> keepalive probe
        </span>
        <span>
          <Swatch className="fill-violet-700 dark:fill-violet-300" square /> data sent
        </span>
        <span>
          <Swatch className="fill-amber-600" narrow />{' '}
          {assumed ? 'an assumed path timeout forgets the connection' : 'the path forgets the connection'}
        </span>
        <span>
          <Swatch className="fill-red-600" narrow /> dead peer detected
        </span>
      </div>
    </figure>
  );
}

function Swatch(props: { className: string; narrow?: boolean; square?: boolean }) {
  return (
    <svg width={props.narrow ? 4 : props.square ? 10 : 14} height="10" className="inline align-[-1px]">
      <rect width="100%" height="10" className={props.className} />
    </svg>
  );
}

function Dot() {
  return (
    <svg width="10" height="10" className="inline align-[-1px]">
      <circle cx="5" cy="5" r="3.5" className="fill-teal-600 dark:fill-teal-400" />
    </svg>
  );
}
