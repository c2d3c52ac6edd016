// Shell snippets (docker run, the libpq psql line, verify commands): every non-comment line matches
// one allowlisted command shape; the only variable parts are numbers and hosts that passed a grammar.
import type { TargetId } from '../../../lib/catalog';
import type { Plan } from '../../../lib/types';
import { header, integer, isHashComment, isSafeHost, lines, type Problems } from './common';
import { checkConninfo, libpqPairs } from './conninfo';

interface Shape {
  readonly re: RegExp;
  /** Checks the captured groups against the plan; returns problems. */
  readonly check?: (groups: readonly string[], plan: Plan) => Problems;
}

const hostIs = (host: string | undefined, plan: Plan): Problems =>
  host === plan.input.dbhost && isSafeHost(host)
    ? []
    : [`host ${JSON.stringify(host)} is not the checked input ${JSON.stringify(plan.input.dbhost)}`];

/** The port the verify `ss` filter watches, per target. */
export function verifyPort(plan: Plan): number {
  const ports: Record<TargetId, number> = {
    ssh: 22,
    postgres: 5432,
    mysql: 3306,
    nginx: Number(plan.input.upstream.split(':').pop()),
    elasticsearch: 9300,
    redis: 6379,
    grpc: 50051,
  };
  return ports[plan.input.target];
}

const COMMON: readonly Shape[] = [
  { re: /^sysctl net\.ipv4\.tcp_keepalive_time net\.ipv4\.tcp_keepalive_intvl net\.ipv4\.tcp_keepalive_probes$/ },
  {
    re: /^ss -tno state established '\( dport = :(\d+) or sport = :(\d+) \)'$/,
    check: ([a, b], plan) =>
      integer(a, 1, 65535) === verifyPort(plan) && a === b ? [] : [`ss port ${a}/${b}, want ${verifyPort(plan)}`],
  },
];

const VERIFY: Readonly<Record<TargetId, readonly Shape[]>> = {
  redis: [{ re: /^redis-cli -h ([^ ]*) CONFIG GET tcp-keepalive$/, check: ([h], p) => hostIs(h, p) }],
  // Only a comment of its own (how to see the PINGs) beside the common sysctl and ss lines.
  grpc: [],
  ssh: [
    { re: /^ssh -G ([A-Za-z0-9][A-Za-z0-9._-]*) \| grep -Ei '\^\(serveralive\|tcpkeepalive\)'$/ },
    { re: /^sudo sshd -T \| grep -Ei '\^\(clientalive\|tcpkeepalive\)'$/ },
  ],
  postgres: [
    {
      re: /^psql "host=([^"]*) dbname=app" -c 'SHOW tcp_keepalives_idle' -c 'SHOW tcp_keepalives_interval' -c 'SHOW tcp_keepalives_count'$/,
      check: ([h], p) => hostIs(h, p),
    },
    {
      re: /^psql "host=([^"]*) dbname=app" -c "SELECT name, setting, sourcefile FROM pg_file_settings WHERE name LIKE 'tcp%'"$/,
      check: ([h], p) => hostIs(h, p),
    },
  ],
  mysql: [
    { re: /^mariadb -h ([^ ]*) -e "SHOW GLOBAL VARIABLES LIKE 'tcp_keepalive%'"$/, check: ([h], p) => hostIs(h, p) },
  ],
  nginx: [{ re: /^sudo nginx -T 2>\/dev\/null \| grep -E 'keepalive\|proxy_http_version\|so_keepalive'$/ }],
  // Fails loudly (--fail-with-body, -sS); from 8.0 HTTPS with the package's CA and the elastic user, before it plain HTTP.
  elasticsearch: [
    {
      re: /^curl --fail-with-body -sS (?:(--cacert \/etc\/elasticsearch\/certs\/http_ca\.crt -u elastic) )?'(https?):\/\/localhost:9200\/_nodes\/settings\?filter_path=\*\*\.keep_\*,\*\*\.ping_schedule&pretty'$/,
      check: ([auth, scheme], plan) => {
        const secure = Number(plan.input.elasticsearch.split('.')[0]) >= 8;
        return secure === (auth !== undefined) && secure === (scheme === 'https')
          ? []
          : [`${scheme} ${auth ?? 'without credentials'} for Elasticsearch ${plan.input.elasticsearch}`];
      },
    },
  ],
};

function dockerShapes(plan: Plan): Shape[] {
  const k = plan.values.keepalive;
  const exact = (line: string): Shape => ({ re: new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) });
  return [
    exact('docker run \\'),
    exact(`  --sysctl net.ipv4.tcp_keepalive_time=${k.idle} \\`),
    exact(`  --sysctl net.ipv4.tcp_keepalive_intvl=${k.interval} \\`),
    exact(`  --sysctl net.ipv4.tcp_keepalive_probes=${k.count} \\`),
    exact('  your-image'),
  ];
}

const LIBPQ: readonly Shape[] = [
  { re: /^psql "([^"]*)"$/, check: ([c], plan) => checkConninfo(c ?? '', libpqPairs(plan)) },
];

/** Checks a shell snippet: header, then comments, blanks and allowlisted command lines only. */
export function checkShell(text: string, plan: Plan, kind: 'docker' | 'libpq' | 'verify'): Problems {
  const problems: Problems = [];
  const body = header(lines(text, problems), '#', plan, problems);
  const shapes =
    kind === 'docker' ? dockerShapes(plan) : kind === 'libpq' ? LIBPQ : [...COMMON, ...VERIFY[plan.input.target]];
  const used: number[] = [];
  for (const [n, line] of body.entries()) {
    if (line === '' || isHashComment(line)) continue;
    const i = shapes.findIndex((s) => s.re.test(line));
    const shape = shapes[i];
    if (!shape) {
      problems.push(`line ${n}: no allowed command shape: ${JSON.stringify(line)}`);
      continue;
    }
    used.push(i);
    const groups = shape.re.exec(line)?.slice(1) ?? [];
    problems.push(...(shape.check?.(groups, plan) ?? []).map((p) => `line ${n}: ${p}`));
  }
  // docker run is one command over several lines: every part, in order, once.
  if (kind === 'docker' && used.join() !== '0,1,2,3,4')
    problems.push(`docker run lines out of order or missing: ${used.join()}`);
  if (kind === 'libpq' && used.length !== 1) problems.push(`${used.length} psql lines, want 1`);
  return problems;
}
