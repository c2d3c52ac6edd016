/**
 * Idle-timeout facts for load balancers, NATs, firewalls and proxies.
 * Copied from shared/data/middleboxes.json (collected November 2026); each entry keeps its `source`
 * and `confidence`, which the page shows beside the box. Regenerate rather than edit by hand.
 */

import { MAX_TIMEOUT_SECONDS, formatDuration, parseDuration } from './time';

export const KEEPALIVE_RESETS = ['yes', 'no', 'unknown'] as const;
export const CONFIDENCES = ['doc', 'doc-old', '3p', 'unverified'] as const;

export interface Middlebox {
  readonly id: string;
  readonly name: string;
  /** Default idle timeout in seconds; null where unknown. */
  readonly defaultSeconds: number | null;
  readonly rangeSeconds: readonly [number, number] | null;
  /** Do zero-length TCP keepalive probes refresh the box's idle timer? */
  readonly keepaliveResetsTimer: (typeof KEEPALIVE_RESETS)[number];
  readonly basis: 'doc' | 'inferred';
  readonly expiry: string;
  readonly source: string;
  readonly confidence: (typeof CONFIDENCES)[number];
  readonly notes: string;
}

export const MIDDLEBOXES = [
  {
    id: 'aws-nlb-tcp',
    name: 'AWS Network Load Balancer (TCP listener)',
    defaultSeconds: 350,
    rangeSeconds: [60, 6000],
    keepaliveResetsTimer: 'yes',
    basis: 'doc',
    expiry: 'silent; RST to sender of next packet',
    source:
      "AWS ELB docs: Update the TCP idle timeout for your Network Load Balancer listener; NLB 'Connection idle timeout'",
    confidence: 'doc',
    notes: 'Configurable since ~Sep 2024. If >350, also raise target ENI TcpEstablishedTimeout (Nitro v6 default 350).',
  },
  {
    id: 'aws-nlb-tls',
    name: 'AWS Network Load Balancer (TLS listener)',
    defaultSeconds: 350,
    rangeSeconds: null,
    keepaliveResetsTimer: 'unknown',
    basis: 'doc',
    expiry: 'silent; RST on next packet',
    source: 'AWS NLB docs (versions conflict on TLS keepalive)',
    confidence: 'doc',
    notes: 'Fixed 350 s.',
  },
  {
    id: 'aws-alb',
    name: 'AWS Application Load Balancer',
    defaultSeconds: 60,
    rangeSeconds: [1, 4000],
    keepaliveResetsTimer: 'no',
    basis: 'doc',
    expiry: 'LB closes connection',
    source: 'Edit attributes for your Application Load Balancer; ELB API LoadBalancerAttribute',
    confidence: 'doc',
    notes: 'Needs >=1 byte data per period; HTTP/2 PING does not count. Use app heartbeat.',
  },
  {
    id: 'aws-clb',
    name: 'AWS Classic Load Balancer',
    defaultSeconds: 60,
    rangeSeconds: [1, 3600],
    keepaliveResetsTimer: 'no',
    basis: 'doc',
    expiry: 'LB closes connection (FIN per 3p)',
    source: 'Configure the idle connection timeout for your Classic Load Balancer',
    confidence: 'doc',
    notes: 'Doc: TCP keep-alive probes do not prevent termination.',
  },
  {
    id: 'aws-natgw',
    name: 'AWS NAT Gateway',
    defaultSeconds: 350,
    rangeSeconds: null,
    keepaliveResetsTimer: 'yes',
    basis: 'doc',
    expiry: 'silent; RST to inside host on next packet (no FIN)',
    source: 'VPC UG: Troubleshoot NAT gateways (connection drops after 350 s); NAT gateway vs instance comparison',
    confidence: 'doc',
    notes: 'Not configurable.',
  },
  {
    id: 'aws-gwlb',
    name: 'AWS Gateway Load Balancer',
    defaultSeconds: 350,
    rangeSeconds: [60, 6000],
    keepaliveResetsTimer: 'yes',
    basis: 'inferred',
    expiry: 'silent (optional RST via send_tcp_reset.on_idle_timeout.enabled)',
    source: 'Listeners for your Gateway Load Balancers',
    confidence: 'doc',
    notes: '',
  },
  {
    id: 'aws-global-accelerator',
    name: 'AWS Global Accelerator',
    defaultSeconds: 340,
    rangeSeconds: null,
    keepaliveResetsTimer: 'no',
    basis: 'doc',
    expiry: 'connection closed',
    source: 'Global Accelerator DG: Understanding idle timeout',
    confidence: 'doc',
    notes: 'UDP 30 s. Must send >=1 byte data.',
  },
  {
    id: 'aws-network-firewall',
    name: 'AWS Network Firewall',
    defaultSeconds: 350,
    rangeSeconds: [60, 6000],
    keepaliveResetsTimer: 'yes',
    basis: 'doc',
    expiry: 'silent drop of data packets; new SYN = new flow',
    source: 'Network Firewall API: FlowTimeouts',
    confidence: 'doc',
    notes: '',
  },
  {
    id: 'aws-sg-conntrack',
    name: 'AWS EC2 security-group conntrack (tracked flows)',
    defaultSeconds: 432000,
    rangeSeconds: [60, 432000],
    keepaliveResetsTimer: 'yes',
    basis: 'doc',
    expiry: 'silent',
    source: 'EC2 UG: security group connection tracking > Idle connection tracking timeout',
    confidence: 'doc',
    notes: 'Untracked flows (0.0.0.0/0 both ways) have no timer.',
  },
  {
    id: 'aws-sg-conntrack-nitro-v6',
    name: 'AWS EC2 conntrack on Nitro v6 instances',
    defaultSeconds: 350,
    rangeSeconds: [60, 432000],
    keepaliveResetsTimer: 'yes',
    basis: 'doc',
    expiry: 'silent',
    source: "EC2 UG (same section); AWS blog 'Best Practices for TCP Connection Management on EC2'",
    confidence: 'doc',
    notes: 'Changed June 2025; excludes P6e-GB200.',
  },
  {
    id: 'aws-transit-gateway',
    name: 'AWS Transit Gateway',
    defaultSeconds: null,
    rangeSeconds: null,
    keepaliveResetsTimer: 'unknown',
    basis: 'inferred',
    expiry: 'unknown',
    source: 'none found (attachments are auto-tracked by ENI conntrack)',
    confidence: 'unverified',
    notes: 'Suggest 350 s conservative.',
  },
  {
    id: 'aws-ecs-service-connect-tcp',
    name: 'AWS ECS Service Connect (TCP)',
    defaultSeconds: 3600,
    rangeSeconds: [0, 2147483647],
    keepaliveResetsTimer: 'no',
    basis: 'inferred',
    expiry: 'proxy closes',
    source: 'ECS API TimeoutConfiguration',
    confidence: 'doc',
    notes: 'HTTP/gRPC default 300 s.',
  },
  {
    id: 'azure-lb',
    name: 'Azure Load Balancer (Standard)',
    defaultSeconds: 240,
    rangeSeconds: [240, 6000],
    keepaliveResetsTimer: 'yes',
    basis: 'doc',
    expiry: 'silent (optional bidirectional RST: TCP reset on idle)',
    source: 'Configure TCP reset and idle timeout for Azure Load Balancer; Load Balancer TCP Reset and Idle Timeout',
    confidence: 'doc',
    notes: 'Older docs: LB/inbound NAT rules max 30 min.',
  },
  {
    id: 'azure-aks-outbound-lb',
    name: 'AKS managed outbound LB',
    defaultSeconds: 1800,
    rangeSeconds: [240, 7200],
    keepaliveResetsTimer: 'yes',
    basis: 'inferred',
    expiry: 'silent',
    source: 'Az PowerShell IManagedClusterLoadBalancerProfile.IdleTimeoutInMinute',
    confidence: 'doc',
    notes: '4-120 min per API text.',
  },
  {
    id: 'azure-natgw',
    name: 'Azure NAT Gateway',
    defaultSeconds: 240,
    rangeSeconds: [240, 7200],
    keepaliveResetsTimer: 'yes',
    basis: 'doc',
    expiry: 'silent; one-way RST on next packet',
    source: 'Azure NAT Gateway resource: TCP idle timeout / Timers',
    confidence: 'doc',
    notes: "UDP fixed 240 s; timers 'subject to change'.",
  },
  {
    id: 'azure-firewall-ns',
    name: 'Azure Firewall (north-south)',
    defaultSeconds: 240,
    rangeSeconds: [240, 900],
    keepaliveResetsTimer: 'yes',
    basis: 'doc',
    expiry: 'RST to client and server',
    source: 'Understanding Azure Firewall TCP session management and idle timeout behavior (2025-03)',
    confidence: 'doc',
    notes: 'Increase only via support ticket (old FAQ said up to 30 min).',
  },
  {
    id: 'azure-firewall-ew',
    name: 'Azure Firewall (east-west)',
    defaultSeconds: 300,
    rangeSeconds: null,
    keepaliveResetsTimer: 'yes',
    basis: 'doc',
    expiry: 'silent (no RST)',
    source: 'same',
    confidence: 'doc',
    notes: 'azure.cn copy says no E-W idle timeout; conflicting.',
  },
  {
    id: 'azure-appgw-v2',
    name: 'Azure Application Gateway v2',
    defaultSeconds: null,
    rangeSeconds: null,
    keepaliveResetsTimer: 'no',
    basis: 'inferred',
    expiry: 'unknown',
    source: 'not found (3p claims 240 s or 30 s)',
    confidence: 'unverified',
    notes: 'L7 proxy; use app heartbeat <=30 s until verified.',
  },
  {
    id: 'gcp-vpc-conntrack',
    name: 'Google Cloud VPC firewall connection tracking',
    defaultSeconds: 600,
    rangeSeconds: null,
    keepaliveResetsTimer: 'yes',
    basis: 'doc',
    expiry: 'silent (inbound dropped until new outbound packet)',
    source: 'Compute Engine Troubleshooting (idle connections, 10-minute tracking)',
    confidence: 'doc',
    notes: '',
  },
  {
    id: 'gcp-cloud-nat',
    name: 'Google Cloud NAT (TCP established)',
    defaultSeconds: 1200,
    rangeSeconds: null,
    keepaliveResetsTimer: 'yes',
    basis: 'inferred',
    expiry: 'silent (mapping dropped)',
    source: 'Compute API RouterNat tcpEstablishedIdleTimeoutSec',
    confidence: 'doc',
    notes: 'Transitory 30 s, TIME_WAIT 120 s (30 s for new gateways from 2026).',
  },
  {
    id: 'gcp-proxy-nlb',
    name: 'Google Cloud external/internal proxy Network LB',
    defaultSeconds: 30,
    rangeSeconds: [1, 2147483647],
    keepaliveResetsTimer: 'no',
    basis: 'doc',
    expiry: 'proxy closes',
    source: 'Backend services overview: Backend service timeout',
    confidence: 'doc',
    notes: 'Idle = no data either direction.',
  },
  {
    id: 'gcp-ext-alb-client',
    name: 'Google Cloud global external Application LB (client keepalive)',
    defaultSeconds: 610,
    rangeSeconds: [5, 1200],
    keepaliveResetsTimer: 'no',
    basis: 'inferred',
    expiry: 'GFE closes',
    source: 'gcloud target-http(s)-proxies --http-keep-alive-timeout-sec help; LB docs',
    confidence: 'doc',
    notes: 'Backend keepalive fixed 600 s; backend service timeout 30 s is a response timeout.',
  },
  {
    id: 'gcp-passthrough-nlb',
    name: 'Google Cloud passthrough Network LB',
    defaultSeconds: 600,
    rangeSeconds: null,
    keepaliveResetsTimer: 'yes',
    basis: 'inferred',
    expiry: 'silent',
    source: 'not retrieved',
    confidence: 'unverified',
    notes: 'Backend service timeout ignored.',
  },
  {
    id: 'linux-conntrack',
    name: 'Linux nf_conntrack (established)',
    defaultSeconds: 432000,
    rangeSeconds: null,
    keepaliveResetsTimer: 'yes',
    basis: 'inferred',
    expiry: 'silent (loose pickup may recreate entry; NAT binding may be lost)',
    source: 'kernel nf_conntrack-sysctl.rst',
    confidence: 'doc',
    notes: '',
  },
  {
    id: 'k8s-kube-proxy-conntrack',
    name: 'Kubernetes kube-proxy conntrack',
    defaultSeconds: 86400,
    rangeSeconds: null,
    keepaliveResetsTimer: 'yes',
    basis: 'inferred',
    expiry: 'silent',
    source: 'kube-proxy --conntrack-tcp-timeout-established (default 24h0m0s)',
    confidence: 'doc',
    notes: '0 = leave kernel default.',
  },
  {
    id: 'k8s-ipvs',
    name: 'Kubernetes kube-proxy IPVS / Linux IPVS',
    defaultSeconds: 900,
    rangeSeconds: null,
    keepaliveResetsTimer: 'yes',
    basis: 'inferred',
    expiry: 'silent',
    source: 'linux ip_vs_proto_tcp.c (ESTABLISHED 15*60*HZ); --ipvs-tcp-timeout',
    confidence: 'doc',
    notes: '',
  },
  {
    id: 'docker-swarm-vip',
    name: 'Docker Swarm service VIP (IPVS)',
    defaultSeconds: 900,
    rangeSeconds: null,
    keepaliveResetsTimer: 'yes',
    basis: 'doc',
    expiry: 'silent blackhole',
    source: 'moby/moby#31208, #37822; docker/docs#5519',
    confidence: '3p',
    notes: 'Or use --endpoint-mode dnsrr.',
  },
  {
    id: 'docker-userland-proxy',
    name: 'Docker userland proxy (docker-proxy)',
    defaultSeconds: null,
    rangeSeconds: null,
    keepaliveResetsTimer: 'unknown',
    basis: 'doc',
    expiry: 'none (no TCP idle timeout)',
    source: 'moby cmd/docker-proxy tcp_proxy.go',
    confidence: 'doc',
    notes: 'UDP 90 s.',
  },
  {
    id: 'cilium-ct',
    name: 'Cilium eBPF conntrack (TCP)',
    defaultSeconds: 8000,
    rangeSeconds: null,
    keepaliveResetsTimer: 'yes',
    basis: 'inferred',
    expiry: 'silent',
    source: 'Cilium agent flag bpf-ct-timeout-regular-tcp',
    confidence: 'doc',
    notes: '',
  },
  {
    id: 'cisco-asa',
    name: 'Cisco ASA',
    defaultSeconds: 3600,
    rangeSeconds: [300, 4294800],
    keepaliveResetsTimer: 'yes',
    basis: 'inferred',
    expiry: "silent (optional RST via 'idle ... reset'; DCD optional)",
    source: 'Cisco ASA Series Firewall CLI Configuration Guide: Connection Settings',
    confidence: 'doc',
    notes: '0 = never; per-class idle min 1 s.',
  },
  {
    id: 'paloalto-panos',
    name: 'Palo Alto Networks PAN-OS',
    defaultSeconds: 3600,
    rangeSeconds: [1, 15999999],
    keepaliveResetsTimer: 'yes',
    basis: 'inferred',
    expiry: 'silent (session closed)',
    source: 'Configure Session Timeouts (PAN-OS)',
    confidence: 'doc',
    notes: 'App-specific timeouts override the global value.',
  },
  {
    id: 'fortigate',
    name: 'Fortinet FortiGate',
    defaultSeconds: 3600,
    rangeSeconds: [300, 2764800],
    keepaliveResetsTimer: 'yes',
    basis: 'inferred',
    expiry: 'silent (optional RST: policy timeout-send-rst)',
    source: 'Fortinet community: Default session timeout value (session-ttl)',
    confidence: '3p',
    notes: 'Per-port/per-policy session-ttl.',
  },
  {
    id: 'checkpoint',
    name: 'Check Point Security Gateway',
    defaultSeconds: 3600,
    rangeSeconds: null,
    keepaliveResetsTimer: 'yes',
    basis: 'inferred',
    expiry: 'silent (out-of-state drops)',
    source: 'Global Properties > Stateful Inspection (community docs)',
    confidence: '3p',
    notes: 'Aggressive Aging can shorten it.',
  },
  {
    id: 'pf-pfsense-opnsense',
    name: 'pfSense / OPNsense (pf)',
    defaultSeconds: 86400,
    rangeSeconds: null,
    keepaliveResetsTimer: 'yes',
    basis: 'inferred',
    expiry: 'silent',
    source: 'pfvar.h PFTM_TCP_ESTABLISHED_VAL; pf.conf(5)',
    confidence: 'doc',
    notes: 'Adaptive timeouts shrink it as the state table fills.',
  },
  {
    id: 'juniper-srx',
    name: 'Juniper SRX',
    defaultSeconds: 1800,
    rangeSeconds: null,
    keepaliveResetsTimer: 'yes',
    basis: 'inferred',
    expiry: 'silent',
    source: 'Junos: Understanding Policy Application Timeout Configuration and Lookup',
    confidence: 'doc',
    notes: 'Per-application inactivity-timeout.',
  },
  {
    id: 'haproxy',
    name: 'HAProxy (timeout client/server)',
    defaultSeconds: null,
    rangeSeconds: null,
    keepaliveResetsTimer: 'no',
    basis: 'doc',
    expiry: 'proxy closes',
    source: 'HAProxy configuration manual (timeout client; option clitcpka)',
    confidence: 'doc',
    notes: 'Unset = infinite + warning; typical 30-50 s; timeout tunnel for WS.',
  },
  {
    id: 'haproxy-k8s-ingress',
    name: 'HAProxy Kubernetes Ingress (haproxytech)',
    defaultSeconds: 50,
    rangeSeconds: null,
    keepaliveResetsTimer: 'no',
    basis: 'doc',
    expiry: 'proxy closes',
    source: 'haproxytech/kubernetes-ingress defaults',
    confidence: 'doc',
    notes: 'client/server/tunnel 50 s.',
  },
  {
    id: 'envoy-http',
    name: 'Envoy HTTP connection idle_timeout',
    defaultSeconds: 3600,
    rangeSeconds: null,
    keepaliveResetsTimer: 'no',
    basis: 'inferred',
    expiry: 'proxy closes',
    source: 'Envoy FAQ: How do I configure timeouts?',
    confidence: 'doc',
    notes: 'stream_idle_timeout 300 s; route timeout 15 s.',
  },
  {
    id: 'envoy-tcp-proxy',
    name: 'Envoy tcp_proxy idle_timeout',
    defaultSeconds: 3600,
    rangeSeconds: null,
    keepaliveResetsTimer: 'no',
    basis: 'doc',
    expiry: 'proxy closes',
    source: 'Envoy tcp_proxy docs',
    confidence: 'doc',
    notes: 'Counts bytes only.',
  },
  {
    id: 'istio',
    name: 'Istio sidecar/gateway (Envoy)',
    defaultSeconds: 3600,
    rangeSeconds: null,
    keepaliveResetsTimer: 'no',
    basis: 'inferred',
    expiry: 'proxy closes',
    source: 'Istio DestinationRule; istio/istio#40619',
    confidence: 'doc',
    notes: 'DR connectionPool.tcp.tcpKeepalive configures upstream keepalive.',
  },
  {
    id: 'traefik',
    name: 'Traefik entryPoint idleTimeout',
    defaultSeconds: 180,
    rangeSeconds: null,
    keepaliveResetsTimer: 'no',
    basis: 'inferred',
    expiry: 'proxy closes',
    source: 'Traefik static configuration reference',
    confidence: 'doc',
    notes: 'HTTP keep-alive idle; v3 readTimeout 60 s (unverified).',
  },
  {
    id: 'nginx-http-keepalive',
    name: 'nginx keepalive_timeout (client HTTP keep-alive)',
    defaultSeconds: 75,
    rangeSeconds: null,
    keepaliveResetsTimer: 'no',
    basis: 'inferred',
    expiry: 'proxy closes',
    source: 'ngx_http_core_module',
    confidence: 'doc',
    notes: 'proxy_read_timeout 60 s.',
  },
  {
    id: 'nginx-stream',
    name: 'nginx stream proxy_timeout (L4)',
    defaultSeconds: 600,
    rangeSeconds: null,
    keepaliveResetsTimer: 'no',
    basis: 'doc',
    expiry: 'proxy closes',
    source: 'ngx_stream_proxy_module',
    confidence: 'doc',
    notes: 'No data within the interval -> closed.',
  },
  {
    id: 'cloudflare-client',
    name: 'Cloudflare proxy (client side)',
    defaultSeconds: 400,
    rangeSeconds: null,
    keepaliveResetsTimer: 'no',
    basis: 'inferred',
    expiry: 'TCP connection closed',
    source: 'Cloudflare: Connection limits',
    confidence: 'doc',
    notes: 'HTTP/1.1 keep-alive and HTTP/2 idle.',
  },
  {
    id: 'cloudflare-origin-read',
    name: 'Cloudflare proxy read timeout (origin)',
    defaultSeconds: 120,
    rangeSeconds: null,
    keepaliveResetsTimer: 'no',
    basis: 'inferred',
    expiry: 'HTTP 524',
    source: 'Cloudflare: Connection limits (Jul 2026)',
    confidence: 'doc',
    notes: 'Historically 100 s; Enterprise-configurable. Origin idle 900 s.',
  },
  {
    id: 'azure-cache-redis',
    name: 'Azure Cache for Redis',
    defaultSeconds: 600,
    rangeSeconds: null,
    keepaliveResetsTimer: 'unknown',
    basis: 'doc',
    expiry: 'the service closes the connection',
    source:
      'Azure Cache for Redis connection resilience: idle connections are closed after 10 minutes, a value that cannot be changed',
    confidence: 'doc',
    notes:
      'Whether TCP keepalive probes count as activity is not stated: the plan keeps probes inside 10 min and adds a PING.',
  },
  {
    id: 'heroku-router',
    name: 'Heroku router',
    defaultSeconds: 55,
    rangeSeconds: null,
    keepaliveResetsTimer: 'no',
    basis: 'doc',
    expiry: 'closed (H15/H28)',
    source: 'Heroku Dev Center: HTTP Routing > Timeouts; help.heroku.com/BZGH6WMY',
    confidence: 'doc',
    notes: 'First byte within 30 s (H12).',
  },
  {
    id: 'rfc5382-nat-min',
    name: 'RFC 5382-compliant NAT (minimum)',
    defaultSeconds: 7440,
    rangeSeconds: null,
    keepaliveResetsTimer: 'yes',
    basis: 'inferred',
    expiry: 'silent',
    source: 'RFC 5382 REQ-5',
    confidence: 'doc',
    notes: 'Floor, not a typical value; transitory floor 240 s.',
  },
  {
    id: 'cellular-cgn-unknown',
    name: 'Cellular / CGN / home router (unknown)',
    defaultSeconds: null,
    rangeSeconds: null,
    keepaliveResetsTimer: 'yes',
    basis: 'inferred',
    expiry: 'silent',
    source: "Eronen 2008 (TCP 30-60 min); NetPiculet SIGCOMM'11 (some aggressive); FCM 28/15 min heartbeats",
    confidence: '3p',
    notes: 'Use a conservative preset, e.g. KEEPIDLE 60 s.',
  },
  // Generic entries (not in shared/data/middleboxes.json): for the box a user knows only by its kind.
  // Their timeout is unknown, and the planner treats it so (lib/path.ts, warning unknown-timeout): never as 300 s.
  {
    id: 'generic-firewall',
    name: 'A stateful firewall (timeout unknown)',
    defaultSeconds: null,
    rangeSeconds: null,
    // A stateful firewall is a per-packet state table, which TCP keepalive probes refresh (FACTS.md section 8).
    keepaliveResetsTimer: 'yes',
    basis: 'inferred',
    expiry: 'usually silent',
    source: 'none: a generic entry; FACTS.md section 8 (packet-counting boxes are kept alive by TCP keepalive)',
    confidence: 'unverified',
    notes: "Measure it with keepalive-config probe, or enter its timeout as the path's idle timeout.",
  },
  {
    id: 'generic-vpn',
    name: 'A VPN tunnel (IPsec, WireGuard, OpenVPN; timeout unknown)',
    defaultSeconds: null,
    rangeSeconds: null,
    // Probes are packets through the tunnel; whether its endpoints' state tables count them is not documented in general.
    keepaliveResetsTimer: 'unknown',
    basis: 'inferred',
    expiry: 'unknown',
    source: 'none: a generic entry',
    confidence: 'unverified',
    notes: "Measure it with keepalive-config probe, or enter its timeout as the path's idle timeout.",
  },
] as const satisfies readonly Middlebox[];

export type MiddleboxId = (typeof MIDDLEBOXES)[number]['id'];

/** A box of the catalog: its id is one of MiddleboxId. */
export type KnownMiddlebox = Middlebox & { readonly id: MiddleboxId };

const BY_ID: ReadonlyMap<string, KnownMiddlebox> = new Map(MIDDLEBOXES.map((m) => [m.id, m]));

/** The middlebox with this id, or undefined (ids come from untrusted queries). */
export function middlebox(id: string): KnownMiddlebox | undefined {
  return BY_ID.get(id);
}

/** The middlebox of an id the codec has checked. */
export function knownBox(id: MiddleboxId): KnownMiddlebox {
  const box = BY_ID.get(id);
  if (!box) throw new Error(`no middlebox ${id}`);
  return box;
}

/**
 * The range a user may set this box's idle timeout to, seconds: its documented `rangeSeconds` (each
 * entry's `source`), never below 1 s (a 0 some APIs take means "no timeout", not a timeout) and never
 * above the engine's longest timeout (MAX_TIMEOUT_SECONDS, as for `idle`; some APIs take up to 2^31 - 1 s).
 * A box without a documented range has none, and a custom value is refused rather than guessed.
 */
export function settableRange(box: Middlebox): readonly [number, number] | null {
  if (!box.rangeSeconds) return null;
  return [Math.max(1, box.rangeSeconds[0]), Math.min(MAX_TIMEOUT_SECONDS, box.rangeSeconds[1])];
}

/** Why `seconds` cannot be this box's configured idle timeout, in plain words; undefined when it can. */
export function customTimeoutProblem(box: Middlebox, seconds: number): string | undefined {
  const range = settableRange(box);
  if (!range)
    return `${box.name} has no documented range, so its timeout cannot be set here: enter a measured value as the path's idle timeout`;
  if (!Number.isInteger(seconds) || seconds < range[0] || seconds > range[1])
    return `${box.name} takes an idle timeout from ${range[0]} to ${range[1]} s (${formatDuration(range[0])} to ${formatDuration(range[1])})`;
  return undefined;
}

/** The box id of a `via` entry: `azure-lb` or `azure-lb:1800` (lib/schema.ts viaEntry). */
export function entryId(entry: string): string {
  const colon = entry.indexOf(':');
  return colon < 0 ? entry : entry.slice(0, colon);
}

/** The configured timeout of a `via` entry as written, or '' when it keeps the box's default. */
export function entryTimeout(entry: string): string {
  const colon = entry.indexOf(':');
  return colon < 0 ? '' : entry.slice(colon + 1);
}

/** The `via` entry for a box with a configured timeout (undefined: its default). */
export function withTimeout(id: string, seconds: number | undefined): string {
  return seconds === undefined ? id : `${id}:${seconds}`;
}

/**
 * Why a typed timeout cannot be this box's, with the codec's words (lib/middleboxes.ts), or the
 * seconds it means; '' clears it back to the default.
 */
export function parseBoxTimeout(box: Middlebox, text: string): { seconds: number | undefined } | { problem: string } {
  const t = text.trim();
  if (t === '') return { seconds: undefined };
  const seconds = parseDuration(t);
  if (seconds === undefined) return { problem: 'must be a whole number of seconds or a duration such as 30m' };
  const problem = customTimeoutProblem(box, seconds);
  if (problem) return { problem };
  return { seconds: seconds === box.defaultSeconds ? undefined : seconds };
}
