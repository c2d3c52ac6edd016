/**
 * The engine's public shapes: Input -> plan() -> Plan -> render() -> Snippet[].
 * Data flows one way; nothing here refers back to the page or the CLI.
 */
import type {
  AppId,
  ElasticsearchVersion,
  Language,
  LayerId,
  ManageKind,
  MysqlVersion,
  NginxForm,
  PostgresVersion,
  SnippetId,
  TargetId,
} from './catalog';
import type { MiddleboxId } from './middleboxes';
import type { CodeLanguage, Side } from './filter';
import type { Cause, SituationId, TimelineEvent } from './timeline';

/** Kernel keepalive triple: idle time T (s), probe interval I (s), probe count P. */
export interface Keepalive {
  readonly idle: number;
  readonly interval: number;
  readonly count: number;
}

/** An application-level heartbeat: ssh ServerAlive*, ClientAlive*. */
export interface Alive {
  readonly interval: number;
  readonly count: number;
}

/** A dotted version (lib/version.ts). */
export type { Version } from './version';
import type { Version } from './version';

/** What `via` holds: the box ids in query order, and the timeouts set on some of them (seconds). */
export interface ViaValue {
  readonly ids: readonly MiddleboxId[];
  readonly seconds: Readonly<Partial<Record<MiddleboxId, number>>>;
}

/**
 * What the engine receives: every field validated, defaults applied. One field per query key, named
 * as the key: the codec (lib/schema.ts CODECS) has one entry per field, typed by it, so a key added
 * here without its parser, default and writer does not compile.
 */
export interface Input {
  readonly target: TargetId;
  /** The path's idle timeout in seconds as the user typed it; 300 (an assumption) while neither it nor a box is given. */
  readonly idle: number | undefined;
  /** Middlebox ids on the path (lib/middleboxes.ts), and the idle timeout some are configured to. */
  readonly via: ViaValue;
  /** Detection goal in seconds: the worst case must not exceed it. */
  readonly goal: number | undefined;
  /** Explicit kernel values: the engine computes and warns instead of choosing. */
  readonly keepalive: Keepalive | undefined;
  /** Explicit TCP_USER_TIMEOUT in milliseconds. */
  readonly user_timeout: number | undefined;
  /** Explicit SSH alive values (ServerAlive / ClientAlive). */
  readonly alive: Alive | undefined;
  /** ssh_config Host pattern. */
  readonly host: string;
  /** Database host for libpq / connector snippets. */
  readonly dbhost: string;
  /** nginx upstream server address (host:port). */
  readonly upstream: string;
  readonly openssh: Version;
  readonly postgres: PostgresVersion;
  readonly mysql: MysqlVersion;
  readonly nginx: Version;
  /** Lines to merge (default) or a new site. */
  readonly nginx_form: NginxForm;
  /** The application server behind nginx, whose keep-alive timeout nginx's pool must stay under; undefined: not said. */
  readonly app: AppId | undefined;
  /** The load balancer in front of nginx, a middlebox id or its idle timeout in seconds; undefined: none. */
  readonly front: Front | undefined;
  readonly elasticsearch: ElasticsearchVersion;
  /** Explicit gRPC client keepalive time, seconds: the engine checks it against the server instead of choosing. */
  readonly grpc_time: number | undefined;
  /** The gRPC server's minimum PING interval as it is configured, seconds (300 by default). */
  readonly grpc_min_ping: number | undefined;
  /** Config-management snippets to add (Ansible, cloud-init, Terraform for AKS), in MANAGE_KINDS order. */
  readonly manage: readonly ManageKind[];
  /** Only the snippets for this end of the connection (lib/filter.ts); undefined shows both. */
  readonly side: Side | undefined;
  /** Whether the container forms (docker, compose, Kubernetes) are shown. */
  readonly containers: boolean;
  /** The languages whose code and driver snippets are shown, in CODE_LANGUAGES order. */
  readonly lang: readonly CodeLanguage[];
}

/** A box in front of nginx: a middlebox id (its configured or default idle timeout) or a number of seconds. */
export type Front =
  { readonly box: MiddleboxId; readonly seconds?: undefined } | { readonly box?: undefined; readonly seconds: number };

/** One named quantity that enters a worst-case formula. */
export interface Term {
  readonly name: string;
  readonly value: number;
  readonly unit: 's' | 'ms' | 'count';
}

/** A closed form of lib/detection.ts: one mechanism's worst case, the formula and its terms (the timeline's test oracle). */
export interface ClosedForm {
  /** Seconds; `null` when the mechanism never detects a dead idle peer (feature off). */
  readonly worstCaseSeconds: number | null;
  readonly formula: string;
  readonly terms: readonly Term[];
}

/** One situation's worst case, at the phase (`offset`, seconds after the last segment received) that gives it. */
export interface SituationSummary {
  readonly situation: SituationId;
  readonly worstCaseSeconds: number | null;
  readonly offset: number;
}

/**
 * The worst-case time for one layer to notice a dead peer, from its timeline (lib/timeline): the worst
 * situation, the events that explain it in order, and every situation's own worst case. `formula`
 * tells the events in one line; `terms` are the values the mechanisms ran with.
 */
export interface Detection extends ClosedForm {
  readonly situation: SituationId;
  /** The mechanism that ends the connection in that situation; undefined when nothing does. */
  readonly decidedBy: Cause | undefined;
  readonly events: readonly TimelineEvent[];
  readonly situations: readonly SituationSummary[];
}

export interface LayerDetection {
  readonly layer: LayerId;
  /** Plain-words name of the layer ("the psql client through libpq"). */
  readonly label: string;
  readonly before: Detection;
  readonly after: Detection;
  /**
   * A layer that is the worst of several: each part's own detection, by the snippet that configures it
   * (the `pool` layer's libraries), for that snippet's header. Not in the CLI's JSON.
   */
  readonly parts?: readonly { readonly id: SnippetId; readonly before: Detection; readonly after: Detection }[];
}

export type WarningCode =
  | 'l7-proxy-ignores-keepalive'
  | 'unknown-keepalive-behaviour'
  | 'unknown-timeout'
  | 'sshd-doubled-interval'
  | 'postgres-unix-socket'
  | 'container-sysctls'
  | 'nginx-http11-pooling'
  | 'oracle-mysql-no-keepalive-vars'
  | 'jdbc-keepalive-switch-only'
  | 'postgres-query-in-progress'
  | 'mysql-client-timeouts'
  | 'es-static-settings'
  | 'es-clamp-300'
  | 'es-no-keep-settings'
  | 'aggressive-host-wide'
  | 'explicit-exceeds-path-timeout'
  | 'explicit-exceeds-goal'
  | 'explicit-few-probes'
  | 'data-in-flight'
  | 'nginx-pool-outlives-path'
  | 'no-path-timeout'
  | 'user-timeout-slow-reader'
  | 'heartbeat-suspends-keepalive'
  | 'in-flight-read-timeout'
  | 'busy-thread'
  | 'chatty-session'
  | 'tcp-retries2'
  | 'goal-unmet'
  | 'pool-checkout-only'
  | 'pool-lifetime-idle-only'
  | 'pool-no-check'
  | 'pool-keepalive-floor'
  | 'pool-idle-reaper'
  | 'app-closes-first'
  | 'app-sync-worker'
  | 'front-outlives-nginx'
  | 'redis-pubsub-ping'
  | 'redis-keepalive-delay'
  | 'grpc-too-many-pings'
  | 'grpc-time-floor'
  | 'grpc-l7-pings';

/** What a warning is about: an input field (its query key) or a snippet. */
export type Concern = keyof Input | SnippetId;

export interface Warning {
  readonly code: WarningCode;
  readonly message: string;
  /** The snippet or input field the warning concerns, for placing it beside that thing. */
  readonly concerns?: Concern;
}

/** Why the planner could not produce values that satisfy every constraint. */
export interface Infeasible {
  readonly constraint: 'goal' | 'path-timeout' | 'range';
  readonly message: string;
}

/** The path as the planner sees it. */
export interface PathSummary {
  /** Smallest timeout of a box that is kept alive by TCP keepalive probes (or assumed to be), seconds. */
  readonly packetTimeout: number | undefined;
  /** Smallest timeout of a box that ignores TCP keepalive and needs payload, seconds. */
  readonly payloadTimeout: number | undefined;
  /** Which input sets each of the above ('idle' or a middlebox id). */
  readonly packetFrom: string | undefined;
  readonly payloadFrom: string | undefined;
  /** T + I must stay below this: packetTimeout minus a margin (lib/path.ts). */
  readonly probeDeadline: number | undefined;
  /** An application heartbeat (or pool timeout) must stay below this: the smallest timeout minus a margin. */
  readonly heartbeatDeadline: number | undefined;
}

/**
 * Chosen values: what every snippet prints. The kernel's are every target's; a target's own (its `extras`)
 * are optional fields, absent for the other targets.
 */
export interface Values {
  readonly keepalive: Keepalive;
  /** TCP_USER_TIMEOUT in ms, where the target can set it; undefined leaves the OS default. */
  readonly userTimeoutMs: number | undefined;
  /** ssh_config ServerAliveInterval / ServerAliveCountMax. */
  readonly serverAlive?: Alive;
  /** sshd_config ClientAliveInterval / ClientAliveCountMax. */
  readonly clientAlive?: Alive;
  /** nginx upstream keepalive_timeout, seconds. */
  readonly nginxPoolTimeout?: number;
  /** nginx's client-side keepalive_timeout, seconds, where a box in front (query key `front`) needs it above its own. */
  readonly nginxClientTimeout?: number;
  /** The keep-alive idle timeout the `app-server` snippet gives the app behind nginx, seconds. */
  readonly appKeepalive?: number;
  /** Connection pools (PostgreSQL, MySQL): every pool's idle and lifetime limit stays at or below this, seconds. */
  readonly poolLimit?: number;
  /** Redis `tcp-keepalive` N, seconds (the server then probes after N, every N / 3, 3 times). */
  readonly redisKeepalive?: number;
  /** node-redis pingInterval, seconds: only with a box that ignores TCP keepalive. */
  readonly redisPing?: number;
  /** redis-py health_check_interval, seconds. */
  readonly redisHealthCheck?: number;
  /** gRPC keepalive time of clients and server, seconds. */
  readonly grpcTime?: number;
  /** The gRPC server's minimum interval between the PINGs it receives, seconds. */
  readonly grpcMinPing?: number;
  /** Elasticsearch transport.ping_schedule, seconds (only with a payload-only box). */
  readonly esPingSchedule?: number;
  /**
   * net.ipv4.tcp_retries2 for the sysctl snippet, where data in flight decides a layer without
   * TCP_USER_TIMEOUT and the goal needs it; undefined leaves the kernel's 15.
   */
  readonly retries2: number | undefined;
}

/** A box on the path that forgets the connection first, and which kind of traffic it needed. */
export interface Failing {
  /** A middlebox id, `idle` (the number typed) or `assumed` (the default standing in). */
  readonly box: string;
  /** The box's idle timeout: it forgets the connection after this much silence of its kind. */
  readonly seconds: number;
  /** `packet`: any segment refreshes it (keepalive probes do); `payload`: only application data does. */
  readonly kind: 'packet' | 'payload';
}

/** Whether an idle connection outlives every box on the path; `ok` null when no box's timeout is known. */
export interface Survival {
  readonly ok: boolean | null;
  readonly failing: Failing | undefined;
}

export interface Plan {
  readonly input: Input;
  readonly path: PathSummary;
  /** Where the values come from: chosen by the planner or given by the user. */
  readonly source: 'planned' | 'explicit';
  readonly values: Values;
  /** One entry per layer that applies to the target. */
  readonly detection: readonly LayerDetection[];
  /** The layer whose worst case is the headline. */
  readonly headline: LayerId;
  /** Whether an idle connection outlives the boxes on the path with the new values (and before): lib/timeline/survival.ts. */
  readonly survival: { readonly before: Survival; readonly after: Survival };
  readonly warnings: readonly Warning[];
  /** Present when the planner could not satisfy every constraint: snippets are then withheld. */
  readonly infeasible: Infeasible | undefined;
  /** The query that reproduces this input (lib/url.ts). */
  readonly shareQuery: string;
  /**
   * The full link to this state (lib/link.ts), set by render() when it is given the site's URL;
   * absent otherwise, and the headers print `?` and the query.
   */
  readonly shareUrl?: string;
}

/** What render() takes besides the plan: data from the build or the command line, never read from the environment in lib/. */
export interface RenderOptions {
  /** The site's URL, checked by lib/link.ts (siteUrlProblem). */
  readonly siteUrl?: string;
  /**
   * The config-management renderer (lib/manage manageSnippet). lib/engine.ts run() always passes it; the
   * page loads it only once a query asks for a kind, and without it render() leaves those cards out.
   */
  readonly manage?: (kind: ManageKind, plan: Plan, snippets: readonly Snippet[]) => Snippet;
}

export interface Snippet {
  /** Stable id, e.g. `sysctl`, `ssh-config`, `postgresql-conf` (lib/catalog.ts SNIPPET_IDS). */
  readonly id: SnippetId;
  readonly title: string;
  /** File name to save it under. */
  readonly filename: string;
  /** Where it goes, in plain words. */
  readonly destination: string;
  readonly language: Language;
  readonly text: string;
}
