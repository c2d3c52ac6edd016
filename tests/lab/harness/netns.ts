/**
 * Network namespaces for the lab: client <-> middlebox <-> server, joined by veth pairs.
 *
 * Addresses come from 10.231.0.0/30 (client side) and 10.231.0.4/30 (server side). They exist only
 * inside namespaces this module creates, which have no link to the host's network or to each other,
 * so every topology can use the same ones and no lab packet can leave the machine. Namespace names
 * carry the run's pid (`kalab-<run>-<worker pid>-<n>-c`), so a later run can tell a leftover from a
 * live run and sweep it. Veth names are local to their namespace (created directly inside it), so
 * they cannot clash with anything on the host.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { Proc, isAlive, now } from './proc';

const PREFIX = 'kalab';
/** The vitest main process's pid (set by global-setup.ts), shared by every worker of one run. */
export const RUN_ID = process.env.KALAB_RUN ?? String(process.pid);

export interface Topology {
  readonly name: string;
  readonly client: string;
  readonly middlebox: string;
  readonly server: string;
  readonly clientAddr: string;
  readonly serverAddr: string;
  /** The middlebox's interfaces toward the client and toward the server. */
  readonly towardClient: string;
  readonly towardServer: string;
}

/** Fixed, so engine queries that name the server (dbhost=...) are known before a topology exists. */
export const ADDRESSES = {
  client: '10.231.0.1',
  middleboxClientSide: '10.231.0.2',
  middleboxServerSide: '10.231.0.5',
  server: '10.231.0.6',
} as const;

const run = promisify(execFile);
const live = new Set<Topology>();
let counter = 0;

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs a command inside a namespace and returns its stdout. */
export async function nsExec(ns: string, argv: readonly string[], timeoutMs = 15_000): Promise<string> {
  const { stdout } = await run('ip', ['netns', 'exec', ns, ...argv], { timeout: timeoutMs });
  return stdout;
}

/** Starts a long-running process inside a namespace. */
export function nsSpawn(ns: string, name: string, argv: readonly string[]): Proc {
  return new Proc(name, ['ip', 'netns', 'exec', ns, ...argv]);
}

/** Builds the three namespaces, the two veth pairs, routing, and an empty forward chain. */
export function createTopology(): Topology {
  counter += 1;
  const name = `${PREFIX}-${RUN_ID}-${process.pid}-${counter}`;
  const topo: Topology = {
    name,
    client: `${name}-c`,
    middlebox: `${name}-m`,
    server: `${name}-s`,
    clientAddr: ADDRESSES.client,
    serverAddr: ADDRESSES.server,
    towardClient: 'vmc',
    towardServer: 'vms',
  };
  live.add(topo);
  try {
    for (const ns of [topo.client, topo.middlebox, topo.server]) {
      ip('netns', 'add', ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    ip('link', 'add', 'vc', 'netns', topo.client, 'type', 'veth', 'peer', 'name', 'vmc', 'netns', topo.middlebox);
    ip('link', 'add', 'vms', 'netns', topo.middlebox, 'type', 'veth', 'peer', 'name', 'vs', 'netns', topo.server);
    const addrs: [string, string, string][] = [
      [topo.client, 'vc', `${topo.clientAddr}/30`],
      [topo.middlebox, 'vmc', `${ADDRESSES.middleboxClientSide}/30`],
      [topo.middlebox, 'vms', `${ADDRESSES.middleboxServerSide}/30`],
      [topo.server, 'vs', `${topo.serverAddr}/30`],
    ];
    for (const [ns, dev, cidr] of addrs) {
      ip('-n', ns, 'addr', 'add', cidr, 'dev', dev);
      ip('-n', ns, 'link', 'set', dev, 'up');
    }
    ip('-n', topo.client, 'route', 'add', 'default', 'via', ADDRESSES.middleboxClientSide);
    ip('-n', topo.server, 'route', 'add', 'default', 'via', ADDRESSES.middleboxServerSide);
    ip('netns', 'exec', topo.middlebox, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    loadRuleset(topo, [
      'table inet lab {',
      '  chain through {',
      '    type filter hook forward priority 0; policy accept;',
      '  }',
      '}',
    ]);
  } catch (error) {
    destroyTopology(topo);
    throw error;
  }
  return topo;
}

/** Replaces the middlebox's nftables ruleset (one `nft -f` transaction). */
export function loadRuleset(topo: Topology, lines: readonly string[]): void {
  execFileSync('ip', ['netns', 'exec', topo.middlebox, 'nft', '-f', '-'], {
    input: ['flush ruleset', ...lines, ''].join('\n'),
    stdio: ['pipe', 'ignore', 'pipe'],
    timeout: 10_000,
  });
}

/**
 * A stateful firewall in the middlebox that forgets an idle flow after `seconds` (conntrack's
 * established timeout, per namespace): only connections it saw open pass. A packet of a forgotten flow
 * is dropped silently, or, with `forgotten: 'reset'`, answered with an RST as some firewalls do.
 */
export async function conntrackFirewall(
  topo: Topology,
  seconds: number,
  forgotten: 'drop' | 'reset' = 'drop',
): Promise<void> {
  await setSysctls(topo.middlebox, { 'net.netfilter.nf_conntrack_tcp_timeout_established': seconds });
  loadRuleset(topo, [
    'table inet lab {',
    '  chain through {',
    '    type filter hook forward priority 0; policy drop;',
    '    ct state established,related accept',
    `    iifname "${topo.towardClient}" ct state new tcp flags & (fin|syn|rst|ack) == syn accept`,
    ...(forgotten === 'reset' ? [`    iifname "${topo.towardClient}" meta l4proto tcp reject with tcp reset`] : []),
    '  }',
    '}',
  ]);
}

/** Cuts the path silently: the middlebox drops every forwarded packet, sends no RST. Returns the time. */
export async function cut(topo: Topology): Promise<number> {
  await nsExec(topo.middlebox, ['nft', 'insert', 'rule', 'inet', 'lab', 'through', 'drop']);
  return now();
}

/** Sets sysctls inside a namespace (they are per namespace: FACTS.md section 1). */
export async function setSysctls(ns: string, values: Readonly<Record<string, string | number>>): Promise<void> {
  const args = Object.entries(values).map(([key, value]) => `${key}=${value}`);
  await nsExec(ns, ['sysctl', '-qw', ...args]);
}

function pidsIn(ns: string): number[] {
  try {
    const out = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function signal(pids: readonly number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

/** Deletes namespaces after ending every process inside them (TERM, then KILL after 3 s). Synchronous. */
export function deleteNamespaces(namespaces: readonly string[]): void {
  const existing = new Set(listNamespaces());
  const present = namespaces.filter((ns) => existing.has(ns));
  signal(present.flatMap(pidsIn), 'SIGTERM');
  for (let waited = 0; waited < 3000 && present.some((ns) => pidsIn(ns).length > 0); waited += 50) sleepSync(50);
  signal(present.flatMap(pidsIn), 'SIGKILL');
  for (const ns of present) {
    try {
      ip('netns', 'delete', ns);
    } catch {
      // deleted concurrently
    }
  }
}

export function destroyTopology(topo: Topology): void {
  deleteNamespaces([topo.client, topo.middlebox, topo.server]);
  live.delete(topo);
}

export function listNamespaces(): string[] {
  const out = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter(Boolean);
}

/**
 * Removes lab namespaces: those of `runId` if given, else those whose run has ended.
 * Returns the names removed.
 */
export function sweep(runId?: string): string[] {
  const stale = listNamespaces().filter((ns) => {
    const match = /^kalab-(\d+)-/.exec(ns);
    if (!match?.[1]) return false;
    return runId !== undefined ? match[1] === runId : !isAlive(Number(match[1]));
  });
  deleteNamespaces(stale);
  return stale;
}

/**
 * Runs `cleanup` (synchronously) when the process exits or receives SIGINT, SIGTERM or SIGHUP.
 * After cleaning up, a signal nobody else handles is raised again, so the process still dies of it.
 */
export function onSignalOrExit(cleanup: () => void): void {
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      cleanup();
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    });
  }
}

function destroyLive(): void {
  for (const topo of [...live]) destroyTopology(topo);
}

/** In a test worker: every topology still alive is destroyed on exit or on a signal. */
onSignalOrExit(destroyLive);
// A forked worker whose runner died (its IPC channel closed) must not go on creating namespaces.
if (process.connected) {
  process.once('disconnect', () => {
    destroyLive();
    process.exit(1);
  });
}
