/** The inputs the real suite feeds the engine: defaults, range extremes, every version branch, every middlebox. */
import {
  ELASTICSEARCH_VERSIONS,
  MYSQL_VERSIONS,
  POSTGRES_VERSIONS,
  TARGETS,
  type TargetId,
} from '../../../lib/catalog';
import { MIDDLEBOXES } from '../../../lib/middleboxes';
import { PRESETS } from '../../../lib/presets';

/** Extremes of every range in lib/schema.ts FIELDS, plus ordinary values between them. */
const COMMON: readonly string[] = [
  '',
  'idle=1',
  'idle=2',
  'idle=30',
  'idle=5m',
  'idle=1h',
  'idle=604800',
  'goal=1',
  'goal=10',
  'goal=60',
  'goal=604800',
  'idle=60&goal=20',
  'idle=350&goal=120',
  'keepalive=1:1:1',
  'keepalive=2:1:3',
  'keepalive=299:300:9',
  'keepalive=32767:32767:127',
  'keepalive=60:10:3&user_timeout=1',
  'user_timeout=30000',
  'user_timeout=2147483647',
  'via=aws-natgw,aws-alb',
];

/** Per-target inputs: each version the engine branches on (and the ends of each version range). */
const SPECIFIC: Record<TargetId, readonly string[]> = {
  ssh: [
    'alive=1:1',
    'alive=15:3',
    'alive=86400:100',
    'host=db-*',
    'host=*.internal !bastion.internal',
    'host=jump?&alive=20:4',
    ...['7.0', '7.6', '8.9', '9.2', '9.4', '9.5', '10.0', '10.99'].map((v) => `openssh=${v}`),
    'openssh=9.5&idle=60',
  ],
  postgres: [
    ...POSTGRES_VERSIONS.map((v) => `postgres=${v}`),
    'postgres=11&user_timeout=30000',
    'postgres=13&idle=60',
    'dbhost=127.0.0.1',
  ],
  mysql: [
    ...MYSQL_VERSIONS.map((v) => `mysql=${v}`),
    ...MYSQL_VERSIONS.map((v) => `mysql=${v}&keepalive=32767:32767:127`),
  ],
  // Branches: proxy_socket_keepalive 1.15.6, pooling by default 1.29.7 (FACTS.md section 6).
  nginx: [
    ...['1.16', '1.18', '1.20', '1.22', '1.24', '1.26', '1.28', '1.29.6', '1.29.7', '1.99'].map((v) => `nginx=${v}`),
    'nginx=1.16&idle=30',
  ],
  elasticsearch: [
    ...ELASTICSEARCH_VERSIONS.map((v) => `elasticsearch=${v}`),
    'elasticsearch=7&via=aws-alb',
    'via=gcp-ext-alb-client&idle=30',
  ],
  // tcp-keepalive's range ends (the NICE scale's top, 300, and a path that needs a small N), a payload-only box.
  redis: ['idle=20', 'idle=1800', 'via=aws-alb', 'lang=python', 'goal=30'],
  // The clients' 10 s floor, an explicit time against the server's default minimum, an L7 box, a goal.
  grpc: ['idle=20', 'idle=8', 'via=aws-alb', 'grpc_time=60', 'grpc_time=60&grpc_min_ping=30', 'goal=40'],
};

function join(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('&');
}

/** Every preset and every generated query. */
export function generatedQueries(): string[] {
  const presets = PRESETS.map((p) => p.query);
  const perTarget = TARGETS.flatMap((t) => [...COMMON, ...SPECIFIC[t]].map((q) => join(`target=${t}`, q)));
  // Every middlebox once, spread over the targets.
  const boxes = MIDDLEBOXES.map((m, i) => join(`target=${TARGETS[i % TARGETS.length] ?? 'ssh'}`, `via=${m.id}`));
  return [...new Set([...presets, ...perTarget, ...boxes])];
}
