import { formatDuration } from '@/lib/time';
import type { Schedule } from './schedule';

const pct = (t: number, max: number) => `${Math.min(100, (t / max) * 100)}%`;

/** Text next to a mark: to its right in the left half, to its left in the right half. */
function Label(props: { at: number; max: number; y: number; className: string; children: string }) {
  const right = props.at / props.max > 0.6;
  return (
    <text
      x={pct(props.at, props.max)}
      y={props.y}
      dx={right ? -4 : 4}
      textAnchor={right ? 'end' : 'start'}
      className={`text-[11px] tabular-nums ${props.className}`}
    >
      {props.children}
    </text>
  );
}

/**
 * One row of the timeline, drawn with percentage x coordinates so it fits any width while text stays
 * at its size: a grey bar of silence, probe dots, the path's deadline (dashed) and the detection mark.
 */
export function TimelineRow(props: {
  y: number;
  label: string;
  schedule: Schedule;
  deadline: number | undefined;
  assumed: boolean;
  survives: boolean | null;
}) {
  const { y, label, schedule, deadline, assumed, survives } = props;
  // An assumed deadline says so where it is drawn (none was given: lib/path.ts ASSUMED).
  const said = (text: string) => (assumed ? `${text} (assumed)` : text);
  const { probes, data, detect } = schedule;
  const end = detect ?? Math.max(probes.at(-1) ?? 0, data.at(-1) ?? 0, deadline ?? 0, 1) * 1.3;
  // A deadline far beyond detection would squash the row: then it is shown off-scale at the right edge.
  const deadlineOnScale = deadline !== undefined && deadline <= end * 3;
  const max = Math.max(end, deadlineOnScale ? deadline : 0) * 1.04;
  const silenceEnd = Math.min(probes[0] ?? Infinity, data[0] ?? Infinity, detect ?? max, max);
  const bar = y + 26;
  return (
    <g>
      <text x="0" y={bar + 38} className="fill-slate-700 text-xs font-semibold dark:fill-slate-300">
        {label}
      </text>
      <rect
        x="0"
        y={bar}
        width={pct(silenceEnd, max)}
        height="14"
        rx="2"
        className="fill-slate-300 dark:fill-slate-600"
      />
      <line
        x1={pct(silenceEnd, max)}
        x2={pct(detect ?? max, max)}
        y1={bar + 7}
        y2={bar + 7}
        className="stroke-teal-600/50 dark:stroke-teal-400/50"
        strokeWidth="2"
      />
      {deadline !== undefined && deadlineOnScale && survives === false ? (
        <rect
          x={pct(deadline, max)}
          y={bar - 4}
          width={`${100 - (deadline / max) * 100}%`}
          height="22"
          fill="url(#gone)"
        />
      ) : null}
      {probes.map((t, i) => (
        <circle key={i} cx={pct(t, max)} cy={bar + 7} r="3.5" className="fill-teal-600 dark:fill-teal-400" />
      ))}
      {data.map((t, i) => (
        <rect
          key={`d${i}`}
          x={pct(t, max)}
          y={bar + 2}
          width="10"
          height="10"
          transform="translate(-5 0)"
          className="fill-violet-700 dark:fill-violet-300"
        />
      ))}
      {deadline !== undefined ? (
        <>
          <line
            x1={deadlineOnScale ? pct(deadline, max) : '100%'}
            x2={deadlineOnScale ? pct(deadline, max) : '100%'}
            y1={bar - 8}
            y2={bar + 22}
            strokeDasharray="4 3"
            strokeWidth="2"
            className="stroke-amber-600"
          />
          <Label
            at={deadlineOnScale ? deadline : max}
            max={max}
            y={y + 12}
            className="fill-amber-800 dark:fill-amber-300"
          >
            {deadlineOnScale ? said(formatDuration(deadline)) : `${said(formatDuration(deadline))} →`}
          </Label>
        </>
      ) : null}
      {detect !== null ? (
        <>
          <line
            x1={pct(detect, max)}
            x2={pct(detect, max)}
            y1={bar - 8}
            y2={bar + 22}
            strokeWidth="3"
            className="stroke-red-600"
          />
          <Label at={detect} max={max} y={bar + 38} className="fill-red-700 font-semibold dark:fill-red-400">
            {formatDuration(detect)}
          </Label>
        </>
      ) : (
        <Label at={max} max={max} y={bar + 38} className="fill-red-700 font-semibold dark:fill-red-400">
          never →
        </Label>
      )}
    </g>
  );
}
