/** What every target provides to the planner and the renderer. */
import type { LayerId, TargetId } from '../catalog';
import { LINUX_DEFAULTS } from '../detection';
import { boundName } from '../path';
import type { KeepaliveLimits } from '../choose';
import { knownBox, type Middlebox } from '../middleboxes';
import type { Socket } from '../timeline/models';
import type { Gaps } from '../timeline/survival';
import type { Infeasible, Input, LayerDetection, PathSummary, Plan, Snippet, Values, Warning } from '../types';

/**
 * Connect timeout for client snippets, seconds: mysqld's own connect_timeout default (FACTS.md section 5);
 * libpq connect_timeout, the mysql client and PyMySQL take seconds, Connector/J connectTimeout milliseconds.
 */
export const CONNECT_TIMEOUT_S = 10;

/** Everything a target needs to describe its layers, warnings and snippets. */
export interface Context {
  readonly input: Input;
  readonly path: PathSummary;
  readonly boxes: readonly Middlebox[];
  readonly values: Values;
  readonly source: 'planned' | 'explicit';
  readonly shareQuery: string;
}

export type { Gaps };

/** The context of a rendered plan, for a snippet that runs a layer's models again (one library's own worst case). */
export function contextOf(plan: Plan): Context {
  const { input, path, values, source, shareQuery } = plan;
  return { input, path, boxes: input.via.ids.map(knownBox), values, source, shareQuery };
}

/** The kernel side of a socket that uses the plan's values (or the defaults before): lib/timeline/models.ts. */
export function planSocket(
  { values }: Context,
  phase: 'before' | 'after',
  owner: string,
  userTimeoutMs?: number,
): Socket {
  if (phase === 'before') return { keepalive: LINUX_DEFAULTS, owner };
  return { keepalive: values.keepalive, userTimeoutMs, retries2: values.retries2, owner };
}

/**
 * One of a target's own query keys as the page asks for it (components/inputs/AdvancedFields.tsx renders
 * them): a text field showing the current value, or a select of the allowed values. `group` places it:
 * versions first, then the names (after the explicit kernel values every target has).
 */
export type TargetField = {
  readonly key: keyof Input;
  readonly label: string;
  readonly hint?: string;
  readonly group: 'version' | 'name';
} & (
  | { readonly control: 'text'; readonly placeholder: string; readonly shown?: (input: Input) => string }
  | {
      readonly control: 'select';
      readonly options: readonly { readonly value: string; readonly label: string }[];
      readonly value: (input: Input) => string;
    }
);

/** The database host of the connection strings (query key `dbhost`), a field of both database targets. */
export const DBHOST_FIELD: TargetField = {
  key: 'dbhost',
  group: 'name',
  control: 'text',
  label: 'Database host',
  hint: 'Used in connection strings.',
  placeholder: 'db.example.com',
  shown: (input) => input.dbhost,
};

/** A select's options from a list of values shown as they are. */
export const plainOptions = (values: readonly (string | number)[]) =>
  values.map((v) => ({ value: String(v), label: String(v) }));

export interface Target {
  readonly id: TargetId;
  /** The target's own query keys, as the page asks for them (the codec is lib/schema.ts CODECS). */
  readonly fields: readonly TargetField[];
  /** Ranges of the keepalive values this target's settings accept. */
  readonly limits: KeepaliveLimits;
  /** Whether the target's settings carry TCP_USER_TIMEOUT (the planner then sets it to the worst case). */
  readonly userTimeout: (input: Input) => boolean;
  /** The layer whose worst case is the headline. */
  readonly headline: LayerId;
  /** Target-specific values (ssh alive, nginx pool timeout, Elasticsearch pings) or why none fit. */
  readonly extras: (input: Input, path: PathSummary) => Partial<Values> | Infeasible;
  /** Detection entries of the target's own layers (the `linux` layer is common). */
  readonly layers: (ctx: Context) => LayerDetection[];
  readonly warnings: (ctx: Context) => Warning[];
  /** The gaps before (defaults) and after (the plan), for "does the connection outlive the path". */
  readonly gaps: (ctx: Context, phase: 'before' | 'after') => Gaps;
  /** The target's own snippets, in page order (the common ones are added around them). */
  readonly snippets: (plan: Plan) => Snippet[];
  /** Port and commands for the `verify` snippet. */
  readonly verify: (plan: Plan) => { port: number; commands: string[] };
}

/** Gaps of a target whose only traffic on an idle connection is kernel keepalive: probes every T, a lost one makes it T + I. */
export function kernelGaps({ values }: Context, phase: 'before' | 'after'): Gaps {
  const k = phase === 'before' ? LINUX_DEFAULTS : values.keepalive;
  return { packet: k.idle + k.interval, payload: undefined };
}

/** A database target has no heartbeat of its own: a box that ignores TCP keepalive needs a pool idle time below its timeout. */
export function poolWarning(path: PathSummary, advice: string): Warning[] {
  if (path.payloadTimeout === undefined) return [];
  return [
    {
      code: 'l7-proxy-ignores-keepalive',
      concerns: 'via',
      message: `${boundName(path.payloadFrom)} ignores TCP keepalive probes and closes connections idle for ${path.payloadTimeout} s. ${advice}`,
    },
  ];
}
