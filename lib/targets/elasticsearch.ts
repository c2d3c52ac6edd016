/** Elasticsearch (and OpenSearch, same names) node settings (FACTS.md section 7). */
import { choosePeriod } from '../choose';
import { ELASTICSEARCH_VERSIONS, type ElasticsearchVersion } from '../catalog';
import { ES_TRANSPORT_CLAMP, LINUX_DEFAULTS } from '../detection';
import { detectionOf } from '../timeline';
import { idle, pinging } from '../timeline/models';
import { boundName } from '../path';
import { makeSnippet, layerWorst } from '../render/snippet';
import { toYaml } from '../render/yaml';
import { compareVersions } from '../version';
import type { Input, Keepalive, Version, Warning } from '../types';
import { plainOptions, type Context, type Target } from './target';

/** A transport ping at least every 30 s keeps payload flowing through boxes that ignore TCP keepalive. */
const PING_CAP = 30;
/** Fault detection defaults: follower_check interval 1 s, timeout 10 s, retry_count 3. */
const FOLLOWER_CHECK = { interval: 1, timeout: 10, retries: 3 } as const;

/**
 * network.tcp.keep_idle, keep_interval and keep_count (and their transport.tcp / http.tcp forms) came with
 * elastic/elasticsearch pull request 44055, "Add per-socket keepalive options", merged on 2019-08-05, after
 * 7.3.0 had shipped (2019-07-31): 7.4.0 is the first release that knows them. An older node refuses an
 * unknown setting at start (FACTS.md section 7), so below 7.4 only network.tcp.keep_alive is emitted and
 * the kernel's sysctls carry the timers.
 */
const KEEP_SETTINGS_SINCE: Version = [7, 4];
/** Security (HTTPS with a generated CA, and authentication) is on by default from 8.0 (FACTS.md section 7). */
const SECURE_BY_DEFAULT: Version = [8];
/** Where the Debian and RPM packages of 8.x and later write the HTTP CA when they set up security. */
const HTTP_CA = '/etc/elasticsearch/certs/http_ca.crt';

const releaseOf = (v: ElasticsearchVersion): Version => v.split('.').map(Number);
/** Whether this node knows the per-socket keep_* settings. */
export const hasKeepSettings = (input: Input): boolean =>
  compareVersions(releaseOf(input.elasticsearch), KEEP_SETTINGS_SINCE) >= 0;
const secureByDefault = (input: Input): boolean =>
  compareVersions(releaseOf(input.elasticsearch), SECURE_BY_DEFAULT) >= 0;

/** The settings the node reads: the keep_* ones only where the release knows them. */
function settings(
  input: Input,
  k: { idle: number; interval: number; count: number },
  ping: number | undefined,
): Record<string, string | number | boolean> {
  return {
    'network.tcp.keep_alive': true,
    ...(hasKeepSettings(input)
      ? {
          'network.tcp.keep_idle': Math.min(k.idle, ES_TRANSPORT_CLAMP),
          'network.tcp.keep_interval': Math.min(k.interval, ES_TRANSPORT_CLAMP),
          'network.tcp.keep_count': k.count,
        }
      : {}),
    ...(ping === undefined ? {} : { 'transport.ping_schedule': `${ping}s` }),
  };
}

/** Transport sockets lower the idle time and interval to at most 300 s (NetUtils, FACTS.md section 7). */
const clamped = (k: Keepalive): Keepalive => ({
  idle: Math.min(k.idle, ES_TRANSPORT_CLAMP),
  interval: Math.min(k.interval, ES_TRANSPORT_CLAMP),
  count: k.count,
});

/**
 * A transport connection: the kernel's keepalive (clamped to 300 s from 7.9, set per socket from 7.4,
 * the sysctls as they are before); with transport.ping_schedule the pings are data that never give up,
 * so once one is unanswered only retransmission ends the connection (FACTS.md section 10).
 */
function transportModels({ input, values }: Context, phase: 'before' | 'after') {
  const k =
    phase === 'before'
      ? clamped(LINUX_DEFAULTS)
      : hasKeepSettings(input)
        ? clamped(values.keepalive)
        : values.keepalive;
  const sock = { keepalive: k, retries2: phase === 'after' ? values.retries2 : undefined, owner: 'Elasticsearch' };
  const ping = phase === 'after' ? values.esPingSchedule : undefined;
  if (ping === undefined) return [idle(sock)];
  return [pinging(sock, ping, 'Elasticsearch', [{ name: 'transport.ping_schedule', value: ping, unit: 's' }])];
}

export const elasticsearch = {
  id: 'elasticsearch',
  fields: [
    {
      key: 'elasticsearch',
      group: 'version',
      control: 'select',
      label: 'Elasticsearch version',
      options: plainOptions(ELASTICSEARCH_VERSIONS),
      value: (input) => String(input.elasticsearch),
    },
  ],
  // network.tcp.keep_idle and keep_interval cannot exceed 300 (NetworkService.java).
  limits: { idleMax: ES_TRANSPORT_CLAMP, intervalMax: ES_TRANSPORT_CLAMP },
  userTimeout: () => false,
  headline: 'elasticsearch-transport',
  extras: (_input, path) => {
    if (path.payloadTimeout === undefined) return {};
    const ping = choosePeriod(path.heartbeatDeadline, PING_CAP);
    if (ping === undefined)
      return {
        constraint: 'path-timeout',
        message: 'The path closes idle connections within a few seconds: no transport.ping_schedule fits below it.',
      };
    return { esPingSchedule: ping };
  },
  layers: (ctx) => [
    {
      layer: 'elasticsearch-transport',
      label: 'the transport connections between nodes',
      before: detectionOf(transportModels(ctx, 'before')),
      after: detectionOf(transportModels(ctx, 'after')),
    },
  ],
  warnings: ({ values, path, source, input }) => {
    const k = values.keepalive;
    const w: Warning[] = [
      {
        code: 'es-static-settings',
        concerns: 'elasticsearch-yml',
        message:
          'These are static node settings: put them in elasticsearch.yml on every node and restart it; PUT _cluster/settings refuses them. A silent node is removed by fault detection after about 33 s anyway; keepalive covers idle client and cross-cluster connections.',
      },
    ];
    if (!hasKeepSettings(input)) {
      w.push({
        code: 'es-no-keep-settings',
        concerns: 'elasticsearch-yml',
        message: `Elasticsearch ${input.elasticsearch} has no network.tcp.keep_idle, keep_interval or keep_count (they arrived in 7.4) and refuses to start with them: the snippet sets only network.tcp.keep_alive, and the sysctl snippet on every node sets the timers.`,
      });
    }
    if (
      hasKeepSettings(input) &&
      source === 'explicit' &&
      (k.idle > ES_TRANSPORT_CLAMP || k.interval > ES_TRANSPORT_CLAMP)
    ) {
      w.push({
        code: 'es-clamp-300',
        concerns: 'elasticsearch-yml',
        message: `Elasticsearch accepts keep_idle and keep_interval up to 300 s: the snippet sets ${Math.min(k.idle, 300)} and ${Math.min(k.interval, 300)}, the values the transport uses anyway.`,
      });
    }
    if (path.payloadTimeout !== undefined) {
      w.push({
        code: 'l7-proxy-ignores-keepalive',
        concerns: 'via',
        message: `${boundName(path.payloadFrom)} ignores TCP keepalive probes: transport.ping_schedule sends application pings that keep it from closing idle node connections.`,
      });
    }
    return w;
  },
  gaps: ({ values, input }, phase) => {
    const k = phase === 'before' ? LINUX_DEFAULTS : values.keepalive;
    const clamp = phase === 'before' || hasKeepSettings(input) ? ES_TRANSPORT_CLAMP : Infinity;
    const packet = Math.min(k.idle, clamp) + Math.min(k.interval, clamp);
    const ping = phase === 'after' ? values.esPingSchedule : undefined;
    return { packet: ping === undefined ? packet : Math.min(packet, ping), payload: ping };
  },
  snippets: (plan) => {
    const k = plan.values.keepalive;
    const ping = plan.values.esPingSchedule;
    const fd = FOLLOWER_CHECK;
    const keep = hasKeepSettings(plan.input);
    const body = [
      '# Static node settings: every node, then a rolling restart. Integers in seconds, no unit suffix.',
      ...(keep
        ? ['# (transport.tcp.keep_alive_interval is not a setting: a node refuses to start with it.)']
        : [
            `# Elasticsearch ${plan.input.elasticsearch} has no keep_idle, keep_interval or keep_count (from 7.4) and refuses`,
            '# unknown settings: only keep_alive here; the timers come from the sysctl snippet on every node.',
          ]),
      ...toYaml(settings(plan.input, k, ping)),
      `# Fault detection (defaults): a silent node is removed after about ${fd.retries} × (${fd.interval} s + ${fd.timeout} s) = ${fd.retries * (fd.interval + fd.timeout)} s.`,
    ];
    return [
      makeSnippet(
        plan,
        {
          id: 'elasticsearch-yml',
          title: 'Elasticsearch node keepalive (elasticsearch.yml)',
          filename: 'elasticsearch.yml',
          destination: 'config/elasticsearch.yml on every node',
          language: 'yaml',
        },
        layerWorst(plan, 'elasticsearch-transport'),
        body,
      ),
    ];
  },
  verify: (plan) => ({
    port: 9300,
    commands: verifyCommands(plan.input),
  }),
} as const satisfies Target;

/** The node's settings API, filtered to the keepalive keys. */
const SETTINGS_PATH = '_nodes/settings?filter_path=**.keep_*,**.ping_schedule&pretty';

/**
 * A curl that fails loudly: --fail-with-body (curl 7.76+, Debian 12 has 7.88) exits non-zero on an HTTP
 * error and prints the body, -sS hides the progress bar but not errors. From 8.0 the node answers HTTPS
 * only, with its own CA, and asks for credentials; -u elastic makes curl prompt for the password.
 */
export function verifyCommands(input: Input): string[] {
  if (secureByDefault(input)) {
    return [
      '# HTTPS with the CA the package generated, as the elastic user (curl asks for the password).',
      `curl --fail-with-body -sS --cacert ${HTTP_CA} -u elastic 'https://localhost:9200/${SETTINGS_PATH}'`,
    ];
  }
  return [
    '# Plain HTTP, the 7.x default; with security on (xpack.security.enabled), use https:// and -u elastic.',
    `curl --fail-with-body -sS 'http://localhost:9200/${SETTINGS_PATH}'`,
  ];
}
