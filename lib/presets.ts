/**
 * Named scenarios as typed partial queries. Which preset is active is derived from the state:
 * the preset whose canonical query equals the input's.
 */
import type { Input } from './types';
import { parseQuery, writeQuery } from './url';

export interface Preset {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** A query in the public URL contract, in canonical form (writeQuery's), so a link equals the state it opens. */
  readonly query: string;
}

export const PRESETS = [
  {
    id: 'ssh-home-nat',
    title: 'SSH through a home or carrier-grade NAT',
    description:
      'Consumer routers and mobile carriers forget idle flows after minutes; the exact figure is rarely published.',
    query: 'v=1&idle=300&via=cellular-cgn-unknown',
  },
  {
    id: 'ssh-satellite',
    title: 'SSH over satellite',
    description:
      'A long, lossy link with a short idle timeout: detect a dead link within 10 minutes without tripping on lost probes.',
    query: 'v=1&idle=120&goal=600',
  },
  {
    id: 'postgres-aws-nat',
    title: 'PostgreSQL behind an AWS NAT Gateway',
    description: 'The NAT Gateway drops idle flows after 350 s, silently.',
    query: 'v=1&target=postgres&via=aws-natgw',
  },
  {
    id: 'pgbouncer-azure-lb',
    title: 'PostgreSQL through pgbouncer behind an Azure load balancer',
    description: 'Azure Load Balancer forgets idle flows after 240 s by default.',
    query: 'v=1&target=postgres&via=azure-lb',
  },
  {
    id: 'mysql-dump-flaky',
    title: 'A long MySQL dump over a flaky link',
    description: 'A dump that stalls on a dead link: keepalive on idle moments, and what bounds data in flight.',
    query: 'v=1&target=mysql&idle=600&goal=900',
  },
  {
    id: 'nginx-firewall',
    title: 'nginx to an upstream through a firewall',
    description: 'Keep pooled upstream connections shorter-lived than the firewall remembers them.',
    query: 'v=1&target=nginx&via=azure-firewall-ns',
  },
  {
    id: 'elasticsearch-gcp',
    title: 'Elasticsearch nodes across a GCP firewall',
    description: 'GCP VPC firewall connection tracking forgets idle TCP flows after 10 minutes.',
    query: 'v=1&target=elasticsearch&via=gcp-vpc-conntrack',
  },
  {
    id: 'node-postgres-aws-nat',
    title: 'node-postgres pool behind an AWS NAT Gateway',
    description: "Pooled clients sit idle past the NAT Gateway's 350 s; the first query on a forgotten one hangs.",
    query: 'v=1&target=postgres&via=aws-natgw&lang=node',
  },
  {
    id: 'hikaricp-azure-lb',
    title: 'HikariCP pool behind an Azure load balancer',
    description: 'HikariCP keeps idle connections 30 min by default; the Azure Load Balancer forgets them after 4 min.',
    query: 'v=1&target=mysql&via=azure-lb&lang=java',
  },
  {
    id: 'nginx-node-alb',
    title: 'nginx to Node.js behind an AWS ALB',
    description: 'The random 502s: Node closes idle keep-alive connections after 5 s, before nginx stops reusing them.',
    query: 'v=1&target=nginx&app=node&front=aws-alb',
  },
  {
    id: 'kubernetes-kube-proxy',
    title: 'Kubernetes pods behind kube-proxy',
    description: "Pods reach a database through a Service: conntrack on the node, and pods' own network namespaces.",
    query: 'v=1&target=postgres&via=k8s-kube-proxy-conntrack',
  },
  {
    id: 'redis-azure-cache',
    title: 'Redis on Azure Cache for Redis',
    description:
      'The service closes connections idle for 10 minutes, and its limit cannot be raised: Pub/Sub subscribers need a PING.',
    query: 'v=1&target=redis&via=azure-cache-redis',
  },
  {
    id: 'redis-elasticache-nitro',
    title: 'Redis on ElastiCache from a Nitro v6 instance',
    description:
      "ElastiCache's default tcp-keepalive of 300 s leaves a 400 s gap, longer than the instance's 350 s connection tracking.",
    query: 'v=1&target=redis&via=aws-sg-conntrack-nitro-v6',
  },
] as const satisfies readonly Preset[];

/** The preset with this id, if any. */
export const presetById = (id: string): Preset | undefined => PRESETS.find((p) => p.id === id);

/** Each preset by the canonical query of its input; built on first use (it parses every preset). */
let canonical: ReadonlyMap<string, Preset> | undefined;

/** The preset whose scenario equals this input exactly, if any. */
export function activePreset(input: Input): Preset | undefined {
  canonical ??= new Map(PRESETS.map((p) => [writeQuery(parseQuery(p.query).input), p]));
  return canonical.get(writeQuery(input));
}
