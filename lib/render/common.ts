/** Snippets every target gets: the kernel layer, its container forms, and the verify commands. */
import { LINUX_RETRIES2, RETRIES2_OFFER, retransmissionAbort } from '../detection';
import { retries2Decides } from '../timeline/warnings';
import { formatDuration } from '../time';
import type { Plan, Snippet } from '../types';
import { KEY_EQUALS, comment, serialize, setting, type Line } from './lines';
import { layerWorst, makeSnippet } from './snippet';
import { toYaml } from './yaml';

/** The three per-namespace keepalive sysctls (FACTS.md section 1, ip-sysctl.rst). */
function sysctls(plan: Plan): [string, number][] {
  const k = plan.values.keepalive;
  return [
    ['net.ipv4.tcp_keepalive_time', k.idle],
    ['net.ipv4.tcp_keepalive_intvl', k.interval],
    ['net.ipv4.tcp_keepalive_probes', k.count],
  ];
}

/**
 * net.ipv4.tcp_retries2, the lever where data in flight decides a layer without TCP_USER_TIMEOUT
 * (lib/timeline/warnings.ts, tcp-retries2): set when the goal needs it, else offered commented out.
 */
function retries2Lines(plan: Plan): Line[] {
  const n = plan.values.retries2;
  const cost = 'Host-wide: an outage longer than that (a failover) then drops healthy connections too.';
  if (n !== undefined) {
    return [
      comment(
        `Data in flight gives up after ${formatDuration(retransmissionAbort(n))} instead of ${formatDuration(retransmissionAbort(LINUX_RETRIES2))}. ${cost}`,
      ),
      setting('net.ipv4.tcp_retries2', n),
    ];
  }
  if (!plan.detection.some(retries2Decides)) return [];
  return [
    comment(
      `Data in flight decides a layer (see its warning): uncommenting the next line makes retransmission give up`,
    ),
    comment(
      `after ${formatDuration(retransmissionAbort(RETRIES2_OFFER))} instead of ${formatDuration(retransmissionAbort(LINUX_RETRIES2))}. ${cost}`,
    ),
    comment(`net.ipv4.tcp_retries2 = ${RETRIES2_OFFER}`),
  ];
}

export function sysctlSnippet(plan: Plan): Snippet {
  const body = serialize(
    [
      comment('Apply now and at every boot: sudo sysctl --system'),
      comment('Used by every socket with SO_KEEPALIVE that sets no values of its own, in this network namespace.'),
      ...sysctls(plan).map(([k, v]) => setting(k, v)),
      ...retries2Lines(plan),
    ],
    KEY_EQUALS,
  );
  const meta = {
    id: 'sysctl',
    title: 'kernel keepalive defaults (sysctl)',
    filename: '90-tcp-keepalive.conf',
    destination: '/etc/sysctl.d/90-tcp-keepalive.conf',
    language: 'ini',
  } as const;
  return makeSnippet(plan, meta, layerWorst(plan, 'linux'), body);
}

/** Containers start with the compiled-in defaults: each needs its own sysctls (kernel 4.5+). */
export function containerSnippets(plan: Plan): Snippet[] {
  const pairs = sysctls(plan);
  const worst = layerWorst(plan, 'linux');
  const docker = [
    '# Not with --network=host: the container then shares the host namespace and its sysctls.',
    'docker run \\',
    ...pairs.map(([k, v]) => `  --sysctl ${k}=${v} \\`),
    '  your-image',
  ];
  const compose = [
    '# docker compose: per-service sysctls (not with network_mode: host).',
    ...toYaml({ services: { app: { image: 'your-image', sysctls: Object.fromEntries(pairs) } } }),
  ];
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'app' },
    spec: {
      securityContext: { sysctls: pairs.map(([name, v]) => ({ name, value: String(v) })) },
      containers: [{ name: 'app', image: 'your-image' }],
    },
  };
  const kubernetes = [
    '# Safe sysctls since Kubernetes 1.29 (earlier: kubelet --allowed-unsafe-sysctls). Not with hostNetwork.',
    '# Values are strings. Put the securityContext into your Deployment or StatefulSet pod template.',
    ...toYaml(pod),
  ];
  return [
    makeSnippet(
      plan,
      {
        id: 'docker',
        title: 'docker run with its own keepalive sysctls',
        filename: 'docker-run.sh',
        destination: 'your container start command',
        language: 'shellscript',
      },
      worst,
      docker,
    ),
    makeSnippet(
      plan,
      {
        id: 'compose',
        title: 'docker compose service sysctls',
        filename: 'compose.yaml',
        destination: 'the service in compose.yaml',
        language: 'yaml',
      },
      worst,
      compose,
    ),
    makeSnippet(
      plan,
      {
        id: 'kubernetes',
        title: 'Kubernetes pod sysctls',
        filename: 'pod.yaml',
        destination: 'the pod spec (or a pod template)',
        language: 'yaml',
      },
      worst,
      kubernetes,
    ),
  ];
}

/** The commands that prove the settings are live. */
export function verifySnippet(plan: Plan, port: number, commands: readonly string[]): Snippet {
  const k = plan.values.keepalive;
  const body = [
    '# Kernel defaults in this network namespace (a container has its own):',
    'sysctl net.ipv4.tcp_keepalive_time net.ipv4.tcp_keepalive_intvl net.ipv4.tcp_keepalive_probes',
    `# Live timers: an idle connection shows timer:(keepalive,...) counting down from about ${k.idle} s; "on" means data in flight.`,
    `ss -tno state established '( dport = :${port} or sport = :${port} )'`,
    ...commands,
  ];
  return makeSnippet(
    plan,
    {
      id: 'verify',
      title: 'commands that prove the settings are live',
      filename: 'verify.sh',
      destination: 'a shell on the host',
      language: 'shellscript',
    },
    undefined,
    body,
  );
}
