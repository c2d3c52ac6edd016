// One strict checker per snippet: checkSnippet(snippet, plan) lists every line outside its format's
// grammar and every setting the plan did not choose; snippetIds(plan) is the set the plan renders.
import type { SnippetId, TargetId } from '../../../lib/catalog';
import type { Plan, Snippet } from '../../../lib/types';
import { CODE_IDS, checkCode } from './code';
import { checkKeyEquals, myCnfSpec, pgbouncerSpec, postgresqlConfSpec, sysctlSpec } from './keyequals';
import { checkNginx } from './nginx';
import { checkRedisConf } from './redis';
import { checkProperties } from './properties';
import { checkShell } from './shell';
import { checkSshConfig, checkSshdConfig } from './ssh';
import { checkYaml, composeData, elasticsearchData, podData } from './yaml';
import { MANAGE_IDS, checkManage } from './manage';
import { isShown } from '../../../lib/filter';
import type { Problems } from './common';

const OWN: Record<TargetId, readonly SnippetId[]> = {
  ssh: ['ssh-config', 'sshd-config'],
  postgres: [
    'postgresql-conf',
    'libpq',
    'psycopg',
    'pgbouncer-ini',
    'jdbc',
    'hikaricp',
    'sqlalchemy',
    'go-sql',
    'psycopg-pool',
    'node-postgres',
    'pgx',
  ],
  mysql: ['my-cnf', 'connector-j', 'pymysql', 'hikaricp', 'sqlalchemy', 'go-sql', 'mysql2-pool'],
  nginx: ['nginx-conf', 'app-server'],
  elasticsearch: ['elasticsearch-yml'],
  redis: ['redis-conf', 'ioredis', 'node-redis', 'redis-py'],
  grpc: ['grpc-go', 'grpc-java', 'grpc-python', 'grpc-js'],
};
const COMMON: readonly SnippetId[] = [
  'sysctl',
  'docker',
  'compose',
  'kubernetes',
  'code-python',
  'code-node',
  'code-go',
  'code-java',
  'verify',
];

/**
 * The snippet ids of a plan, in page order, those the input's filter keeps (lib/filter.ts has its own
 * tests), the chosen config-management kinds last: none when infeasible.
 */
export function snippetIds(plan: Plan): string[] {
  // The app-server snippet comes only with an app named behind nginx.
  const own = OWN[plan.input.target].filter((id) => id !== 'app-server' || plan.input.app !== undefined);
  return plan.infeasible ? [] : [...[...own, ...COMMON].filter((id) => isShown(plan.input, id)), ...plan.input.manage];
}

/** One snippet's problems; a config-management snippet is checked against the plan's other snippets. */
export function checkSnippet(s: Snippet, plan: Plan, others: readonly Snippet[] = []): Problems {
  const code = CODE_IDS.find((c) => c === s.id);
  if (code) return checkCode(s.text, plan, code, s.language);
  const managed = MANAGE_IDS.find((m) => m === s.id);
  if (managed) return checkManage(managed, s, plan, others);
  switch (s.id) {
    case 'sysctl':
      return checkKeyEquals(s.text, plan, sysctlSpec(plan));
    case 'postgresql-conf':
      return checkKeyEquals(s.text, plan, postgresqlConfSpec(plan));
    case 'pgbouncer-ini':
      return checkKeyEquals(s.text, plan, pgbouncerSpec(plan));
    case 'my-cnf':
      return checkKeyEquals(s.text, plan, myCnfSpec(plan));
    case 'redis-conf':
      return checkRedisConf(s.text, plan);
    case 'ssh-config':
      return checkSshConfig(s.text, plan);
    case 'sshd-config':
      return checkSshdConfig(s.text, plan);
    case 'nginx-conf':
      return checkNginx(s.text, plan);
    case 'compose':
      return checkYaml(s.text, plan, composeData(plan));
    case 'kubernetes':
      return checkYaml(s.text, plan, podData(plan));
    case 'elasticsearch-yml':
      return checkYaml(s.text, plan, elasticsearchData(plan));
    case 'docker':
    case 'libpq':
    case 'verify':
      return checkShell(s.text, plan, s.id);
    case 'jdbc':
    case 'connector-j':
    case 'hikaricp':
      return checkProperties(s.text, plan, s.id);
    default:
      return [`unknown snippet id ${JSON.stringify(s.id)}`];
  }
}

/** Every problem of every snippet of a run, prefixed with the snippet id; and a wrong snippet set. */
export function checkAll(snippets: readonly Snippet[], plan: Plan): Problems {
  const problems: Problems = [];
  const ids = snippets.map((s) => s.id);
  if (ids.join() !== snippetIds(plan).join())
    problems.push(`snippets ${ids.join()} but the plan renders ${snippetIds(plan).join()}`);
  for (const s of snippets) problems.push(...checkSnippet(s, plan, snippets).map((p) => `${s.id}: ${p}`));
  return problems;
}
