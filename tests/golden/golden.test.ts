// Golden runbooks (every snippet, the detection table and the warnings) per target and scenario,
// and per preset. Reviewed by eye once; from then on they guard against unintended change.
import { describe, expect, it } from 'vitest';
import { run } from '../../lib/engine';
import { PRESETS } from '../../lib/presets';
import { runbook } from '../../lib/runbook';

const SCENARIOS: Record<string, string> = {
  'ssh-default': '',
  'ssh-aws-natgw': 'via=aws-natgw',
  'ssh-heroku-router': 'via=heroku-router',
  'ssh-goal-60-openssh-9.5': 'goal=60&openssh=9.5',
  'ssh-explicit-alive-host': 'alive=60:5&host=bastion.example.com !jump*',
  'postgres-default': 'target=postgres',
  'postgres-11-aws-natgw': 'target=postgres&via=aws-natgw&postgres=11',
  'postgres-aws-alb': 'target=postgres&via=aws-alb',
  'postgres-17-goal-60': 'target=postgres&goal=60&postgres=17',
  'postgres-explicit': 'target=postgres&keepalive=60:10:6&user_timeout=120000&dbhost=10.0.0.5',
  'mysql-default': 'target=mysql',
  'mysql-oracle-8.4-azure-lb': 'target=mysql&mysql=mysql-8.4&via=azure-lb',
  'mysql-goal-45': 'target=mysql&goal=45&dbhost=db-1.internal',
  'nginx-default': 'target=nginx',
  'nginx-1.29.7-idle-30': 'target=nginx&nginx=1.29.7&idle=30&upstream=10.1.2.3:9000',
  'nginx-aws-alb': 'target=nginx&via=aws-alb',
  // Keep-alive ordering (issue 12): gunicorn's 2 s behind nginx, a 350 s load balancer in front.
  'nginx-gunicorn-front-350': 'target=nginx&app=gunicorn&front=350',
  'nginx-go-front-aws-alb': 'target=nginx&app=go&front=aws-alb&nginx=1.29.7',
  // Pools below HikariCP's 30 s floor (issue 12).
  'postgres-java-idle-20': 'target=postgres&idle=20&lang=java',
  'elasticsearch-default': 'target=elasticsearch',
  'elasticsearch-gcp-proxy-nlb': 'target=elasticsearch&via=gcp-proxy-nlb',
  'elasticsearch-explicit-clamped': 'target=elasticsearch&keepalive=600:400:3',
  // Redis (issue 13): the server's tcp-keepalive, a box that ignores probes (node-redis PINGs), a goal.
  'redis-default': 'target=redis',
  'redis-aws-alb': 'target=redis&via=aws-alb',
  'redis-goal-30-python': 'target=redis&goal=30&lang=python',
  // gRPC (issue 13): client and server agree; an explicit client time below the server's default minimum; an L7 box.
  'grpc-default': 'target=grpc',
  'grpc-explicit-too-many-pings': 'target=grpc&grpc_time=60&grpc_min_ping=300',
  'grpc-aws-alb-idle-8': 'target=grpc&via=aws-alb&idle=8',
  'infeasible-goal-3': 'goal=3',
  // Config-management snippets (issue 14): the AKS clamp at a short path timeout, merged files, a marked block.
  'manage-ssh-idle-30': 'idle=30&manage=ansible,cloud-init,terraform-aks',
  'manage-postgres-azure-lb': 'target=postgres&via=azure-lb&manage=ansible,cloud-init,terraform-aks',
  'manage-elasticsearch-gcp-proxy-nlb': 'target=elasticsearch&via=gcp-proxy-nlb&manage=ansible,cloud-init,terraform-aks',
  'manage-redis': 'target=redis&manage=ansible,cloud-init',
};

describe('golden runbooks per target and scenario', () => {
  it.each(Object.entries(SCENARIOS))('%s', async (name, query) => {
    const r = run(query);
    expect(r.errors).toEqual([]);
    await expect(runbook(r.plan, r.snippets)).toMatchFileSnapshot(`./__golden__/${name}.md`);
  });
});

describe('golden runbooks per preset', () => {
  it.each(PRESETS.map((p) => [p.id, p.query] as const))('%s', async (id, query) => {
    const r = run(query);
    expect(r.errors).toEqual([]);
    await expect(runbook(r.plan, r.snippets)).toMatchFileSnapshot(`./__golden__/preset-${id}.md`);
  });
});
