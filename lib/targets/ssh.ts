/** OpenSSH: ServerAlive* in ssh_config, ClientAlive* in an sshd_config drop-in (FACTS.md section 3). */
import { PER_SOCKET_LIMITS } from '../kernel';
import { chooseAlive, isInfeasible } from '../choose';
import { LINUX_DEFAULTS, sshdProbeSpacing } from '../detection';
import { detectionOf } from '../timeline';
import { heartbeat, idle, writes } from '../timeline/models';
import { boundName } from '../path';
import { SSH, block, comment, serialize, setting } from '../render/lines';
import { layerWorst, makeSnippet } from '../render/snippet';
import type { Alive, Term } from '../types';
import { planSocket, type Context, type Target } from './target';

/** A host name that matches the first positive pattern, for `ssh -G`. */
export function exampleHost(pattern: string): string {
  const first = pattern.split(' ').find((p) => !p.startsWith('!')) ?? '*';
  return first.replace(/[*?]/g, 'x') || 'x';
}

const alive = (a: Alive | undefined): Alive => a ?? { interval: 0, count: 0 };

const aliveTerms = (side: 'Server' | 'Client', a: Alive): Term[] => [
  { name: `${side}AliveInterval`, value: a.interval, unit: 's' },
  { name: `${side}AliveCountMax`, value: a.count, unit: 'count' },
];

/**
 * The ssh client: TCPKeepAlive yes (the kernel's values) and, after, ServerAlive messages, which are
 * data: once one is unanswered the kernel stops probing, so the kernel decides only if it ends the
 * connection before the first message (FACTS.md section 10). ssh counts whole seconds: the first check
 * runs up to one second early.
 */
function clientModels(ctx: Context, phase: 'before' | 'after') {
  const sock = planSocket(ctx, phase, 'ssh');
  const a = phase === 'after' ? ctx.values.serverAlive : undefined;
  if (!a || a.interval === 0) return [idle(sock)];
  return [heartbeat(sock, a, a.interval, 'ssh', 'alive message', aliveTerms('Server', a), true)];
}

/**
 * sshd: ClientAlive messages only after a poll() that timed out (serverloop.c), every interval from
 * 9.5 and about every two before; a chatty session (output more often than the interval, a tail -f)
 * is never probed, so its output in flight leaves only retransmission to end it (FACTS.md section 10).
 */
function serverModels(ctx: Context, phase: 'before' | 'after') {
  const sock = planSocket(ctx, phase, 'sshd');
  const a = phase === 'after' ? ctx.values.clientAlive : undefined;
  const chatty = (every: number) =>
    writes('chatty-session', sock, 'sshd', 'sshd writes session output (a tail -f) to the client', every);
  if (!a || a.interval === 0) return [idle(sock), chatty(1)];
  const every = sshdProbeSpacing(ctx.input.openssh) * a.interval;
  return [heartbeat(sock, a, every, 'sshd', 'ClientAlive message', aliveTerms('Client', a), false), chatty(a.interval)];
}

/**
 * Where the block goes, true for its own pattern. ssh_config(5): "For each parameter, the first obtained
 * value will be used", so "more host-specific declarations should be given near the beginning of the
 * file, and general defaults at the end". A block for every host (`Host *`) is such a default: last.
 */
function hostOrderComments(pattern: string) {
  const everyHost = pattern.split(' ').includes('*');
  return everyHost
    ? [
        comment('ssh uses the first value it finds for each option. Host * is a default for every host:'),
        comment('put this block last, so that Host blocks above it keep their own values.'),
      ]
    : [
        comment('ssh uses the first value it finds for each option: put this block above any Host *'),
        comment('block, or the values there win for these hosts.'),
      ];
}

export const ssh = {
  id: 'ssh',
  fields: [
    {
      key: 'openssh',
      group: 'version',
      control: 'text',
      label: 'OpenSSH version',
      hint: 'sshd before 9.5 probes at twice the interval.',
      placeholder: '9.2',
      shown: (input) => input.openssh.join('.'),
    },
    {
      key: 'alive',
      group: 'name',
      control: 'text',
      label: 'SSH alive INTERVAL:COUNT',
      hint: 'ServerAliveInterval:ServerAliveCountMax (and ClientAlive*).',
      placeholder: 'e.g. 30:3',
    },
    {
      key: 'host',
      group: 'name',
      control: 'text',
      label: 'ssh Host pattern',
      hint: 'Which hosts the ssh_config block applies to.',
      placeholder: '*',
      shown: (input) => input.host,
    },
  ],
  limits: PER_SOCKET_LIMITS,
  userTimeout: () => false,
  headline: 'ssh-client',
  extras: (input, path) => {
    if (input.alive) return { serverAlive: input.alive, clientAlive: input.alive };
    const server = chooseAlive(path.heartbeatDeadline, input.goal, 1);
    if (isInfeasible(server)) return server;
    const client = chooseAlive(path.heartbeatDeadline, input.goal, sshdProbeSpacing(input.openssh));
    if (isInfeasible(client)) return client;
    return { serverAlive: server, clientAlive: client };
  },
  layers: (ctx) => [
    {
      layer: 'ssh-client',
      label: 'the ssh client (ServerAlive messages)',
      before: detectionOf(clientModels(ctx, 'before')),
      after: detectionOf(clientModels(ctx, 'after')),
    },
    {
      layer: 'ssh-server',
      label: `sshd ${ctx.input.openssh.join('.')} (ClientAlive messages)`,
      before: detectionOf(serverModels(ctx, 'before')),
      after: detectionOf(serverModels(ctx, 'after')),
    },
  ],
  warnings: ({ input, path }) => [
    ...(sshdProbeSpacing(input.openssh) === 2
      ? [
          {
            code: 'sshd-doubled-interval' as const,
            concerns: 'sshd-config' as const,
            message: `sshd ${input.openssh.join('.')} (7.6 to 9.4) probes at about twice ClientAliveInterval (fixed in 9.5), so its worst case is 2 × interval × (count + 1); the plan accounts for it.`,
          },
        ]
      : []),
    ...(path.payloadTimeout !== undefined
      ? [
          {
            code: 'l7-proxy-ignores-keepalive' as const,
            concerns: 'ssh-config' as const,
            message: `${boundName(path.payloadFrom)} ignores TCP keepalive probes. The ServerAlive and ClientAlive messages carry encrypted payload both ways, so they keep it from closing the session.`,
          },
        ]
      : []),
  ],
  gaps: ({ values, input }, phase) => {
    const k = phase === 'before' ? LINUX_DEFAULTS : values.keepalive;
    if (phase === 'before' || !values.serverAlive || !values.clientAlive)
      return { packet: k.idle + k.interval, payload: undefined };
    const heartbeat = Math.min(
      values.serverAlive.interval,
      sshdProbeSpacing(input.openssh) * values.clientAlive.interval,
    );
    return { packet: Math.min(k.idle + k.interval, heartbeat), payload: heartbeat };
  },
  snippets: (plan) => {
    const s = alive(plan.values.serverAlive);
    const c = alive(plan.values.clientAlive);
    const client = serialize(
      [
        ...hostOrderComments(plan.input.host),
        block(`Host ${plan.input.host}`, [
          setting('ServerAliveInterval', s.interval),
          setting('ServerAliveCountMax', s.count),
          setting('TCPKeepAlive', 'yes'),
        ]),
      ],
      SSH,
    );
    const server = serialize(
      [
        comment('Debian and Ubuntu include sshd_config.d/*.conf at the top of sshd_config; the first value wins,'),
        comment('so this drop-in overrides the main file. Check with: sudo sshd -t, then reload sshd.'),
        setting('ClientAliveInterval', c.interval),
        setting('ClientAliveCountMax', c.count),
        setting('TCPKeepAlive', 'yes'),
      ],
      SSH,
    );
    return [
      makeSnippet(
        plan,
        {
          id: 'ssh-config',
          title: 'ssh client keepalive (ssh_config)',
          filename: 'config',
          destination: '~/.ssh/config (or /etc/ssh/ssh_config.d/10-keepalive.conf)',
          language: 'ssh-config',
        },
        layerWorst(plan, 'ssh-client'),
        client,
      ),
      makeSnippet(
        plan,
        {
          id: 'sshd-config',
          title: 'sshd keepalive drop-in (sshd_config)',
          filename: '10-keepalive.conf',
          destination: '/etc/ssh/sshd_config.d/10-keepalive.conf',
          language: 'ssh-config',
        },
        layerWorst(plan, 'ssh-server'),
        server,
      ),
    ];
  },
  verify: (plan) => ({
    port: 22,
    commands: [
      `ssh -G ${exampleHost(plan.input.host)} | grep -Ei '^(serveralive|tcpkeepalive)'`,
      "sudo sshd -T | grep -Ei '^(clientalive|tcpkeepalive)'",
    ],
  }),
} as const satisfies Target;
