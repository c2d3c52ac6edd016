/**
 * What kind of box each middlebox is, and the words people type when they look for one: the picker
 * finds "firewall" in Cisco ASA although its name does not say so, and groups its results by kind.
 */
import { MIDDLEBOXES, type Middlebox, type MiddleboxId } from './middleboxes';

/** In the order the picker shows its groups. */
export const BOX_KINDS = ['firewall', 'vpn', 'load-balancer', 'nat', 'proxy', 'other'] as const;
export type BoxKind = (typeof BOX_KINDS)[number];

export const KIND_LABELS: Record<BoxKind, string> = {
  firewall: 'Firewalls and connection tracking',
  vpn: 'VPN tunnels',
  'load-balancer': 'Load balancers',
  nat: 'NAT gateways and home routers',
  proxy: 'Proxies, ingresses and CDNs',
  other: 'Other network hops',
};

/** The words a user types for each kind, matched in addition to the box's own name and id. */
const KIND_WORDS: Record<BoxKind, string> = {
  firewall: 'firewall stateful conntrack connection tracking security group session table',
  vpn: 'vpn ipsec wireguard openvpn tunnel site-to-site',
  'load-balancer': 'load balancer loadbalancer lb',
  nat: 'nat gateway snat masquerade router cgn carrier',
  proxy: 'proxy reverse proxy ingress l7 http sidecar',
  other: 'router hub',
};

/** Every box has a kind: a new catalogue entry without one does not compile. */
const KIND_OF = {
  'aws-nlb-tcp': 'load-balancer',
  'aws-nlb-tls': 'load-balancer',
  'aws-alb': 'load-balancer',
  'aws-clb': 'load-balancer',
  'aws-natgw': 'nat',
  'aws-gwlb': 'load-balancer',
  'aws-global-accelerator': 'proxy',
  'aws-network-firewall': 'firewall',
  'aws-sg-conntrack': 'firewall',
  'aws-sg-conntrack-nitro-v6': 'firewall',
  'aws-transit-gateway': 'other',
  'aws-ecs-service-connect-tcp': 'proxy',
  'azure-lb': 'load-balancer',
  'azure-aks-outbound-lb': 'load-balancer',
  'azure-natgw': 'nat',
  'azure-firewall-ns': 'firewall',
  'azure-firewall-ew': 'firewall',
  'azure-appgw-v2': 'load-balancer',
  'gcp-vpc-conntrack': 'firewall',
  'gcp-cloud-nat': 'nat',
  'gcp-proxy-nlb': 'load-balancer',
  'gcp-ext-alb-client': 'load-balancer',
  'gcp-passthrough-nlb': 'load-balancer',
  'linux-conntrack': 'firewall',
  'k8s-kube-proxy-conntrack': 'firewall',
  'k8s-ipvs': 'load-balancer',
  'docker-swarm-vip': 'load-balancer',
  'docker-userland-proxy': 'proxy',
  'cilium-ct': 'firewall',
  'cisco-asa': 'firewall',
  'paloalto-panos': 'firewall',
  fortigate: 'firewall',
  checkpoint: 'firewall',
  'pf-pfsense-opnsense': 'firewall',
  'juniper-srx': 'firewall',
  haproxy: 'proxy',
  'haproxy-k8s-ingress': 'proxy',
  'envoy-http': 'proxy',
  'envoy-tcp-proxy': 'proxy',
  istio: 'proxy',
  traefik: 'proxy',
  'nginx-http-keepalive': 'proxy',
  'nginx-stream': 'proxy',
  'cloudflare-client': 'proxy',
  'cloudflare-origin-read': 'proxy',
  'heroku-router': 'proxy',
  'azure-cache-redis': 'proxy',
  'rfc5382-nat-min': 'nat',
  'cellular-cgn-unknown': 'nat',
  'generic-firewall': 'firewall',
  'generic-vpn': 'vpn',
} as const satisfies Record<MiddleboxId, BoxKind>;

const ON_PREMISES = 'on-premises on-prem premises appliance datacenter';
/**
 * Words beyond the kind: on-premises appliances, and the firewalls that also terminate IPsec VPNs
 * (each vendor's product is a VPN gateway as well as a firewall), so "VPN" finds them too.
 */
const EXTRA_WORDS: Partial<Record<MiddleboxId, string>> = {
  'cisco-asa': `${ON_PREMISES} vpn ipsec`,
  'paloalto-panos': `${ON_PREMISES} palo alto vpn ipsec`,
  fortigate: `${ON_PREMISES} fortinet vpn ipsec`,
  checkpoint: `${ON_PREMISES} check point vpn ipsec`,
  'pf-pfsense-opnsense': `${ON_PREMISES} bsd vpn ipsec wireguard openvpn`,
  'juniper-srx': `${ON_PREMISES} junos vpn ipsec`,
  'linux-conntrack': `${ON_PREMISES} iptables nftables netfilter`,
  haproxy: ON_PREMISES,
  'nginx-stream': ON_PREMISES,
  'nginx-http-keepalive': ON_PREMISES,
  'generic-firewall': `${ON_PREMISES} unknown generic`,
  'generic-vpn': `${ON_PREMISES} unknown generic`,
  'cellular-cgn-unknown': 'home mobile 4g 5g lte isp',
  'rfc5382-nat-min': 'home isp',
};

export function kindOf(box: Middlebox): BoxKind {
  return (KIND_OF as Record<string, BoxKind>)[box.id] ?? 'other';
}

/** Everything a search word may match, lower case: name, id, the kind's label and words, extra words. */
export function searchText(box: Middlebox): string {
  const kind = kindOf(box);
  return `${box.name} ${box.id} ${KIND_LABELS[kind]} ${KIND_WORDS[kind]} ${EXTRA_WORDS[box.id as MiddleboxId] ?? ''}`.toLowerCase();
}

export interface BoxGroup {
  readonly kind: BoxKind;
  readonly label: string;
  readonly boxes: readonly Middlebox[];
}

/**
 * Boxes whose search text contains every word typed, grouped by kind: the kind the words name
 * first, then BOX_KINDS order; inside a group the generic entry first, then the catalogue's order.
 * Empty groups are left out.
 */
export function searchGroups(text: string, exclude: readonly string[]): BoxGroup[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const hits = MIDDLEBOXES.filter((b) => !exclude.includes(b.id) && words.every((w) => searchText(b).includes(w)));
  const generic = (b: Middlebox) => (b.id.startsWith('generic-') ? 0 : 1);
  // The kind the words name comes first ("VPN": the VPN tunnels before the firewalls that also do IPsec).
  const named = (kind: BoxKind) =>
    words.length > 0 && words.every((w) => `${KIND_LABELS[kind]} ${KIND_WORDS[kind]}`.toLowerCase().includes(w))
      ? 0
      : 1;
  return BOX_KINDS.map((kind) => ({
    kind,
    label: KIND_LABELS[kind],
    boxes: hits.filter((b) => kindOf(b) === kind).sort((a, b) => generic(a) - generic(b)),
  }))
    .filter((g) => g.boxes.length > 0)
    .sort((a, b) => named(a.kind) - named(b.kind));
}
