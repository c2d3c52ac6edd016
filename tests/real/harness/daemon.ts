/** Long-running daemons started by the suite: tracked by pid, stopped in afterAll even on failure. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { waitFor } from './wait';

export interface DaemonSpec {
  readonly name: string;
  readonly cmd: string;
  readonly args: readonly string[];
  /** A pid file the daemon writes; its pid is killed too on stop. */
  readonly pidFile?: string;
  /** Signal for a fast shutdown (postgres: SIGINT, others: SIGTERM). */
  readonly stopSignal?: NodeJS.Signals;
  readonly env?: NodeJS.ProcessEnv;
}

export interface Daemon {
  readonly name: string;
  readonly pid: number;
  output(): string;
  exited(): boolean;
  stop(): Promise<void>;
}

const running = new Set<Daemon>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function pidFromFile(file: string | undefined): number | undefined {
  if (!file || !existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]?.trim());
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
}

export function startDaemon(spec: DaemonSpec): Daemon {
  const child: ChildProcess = spawn(spec.cmd, spec.args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: spec.env ?? process.env,
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${spec.name}: spawn failed`);
  let out = '';
  let done = false;
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  child.on('exit', () => (done = true));
  const signal = spec.stopSignal ?? 'SIGTERM';
  const daemon: Daemon = {
    name: spec.name,
    pid,
    output: () => out,
    exited: () => done,
    stop: async () => {
      running.delete(daemon);
      const filePid = pidFromFile(spec.pidFile);
      for (const p of [pid, filePid]) if (p !== undefined && alive(p)) process.kill(p, signal);
      try {
        await waitFor(`${spec.name} to exit`, () => done && (filePid === undefined || !alive(filePid)), 15_000);
      } catch {
        for (const p of [pid, filePid]) if (p !== undefined && alive(p)) process.kill(p, 'SIGKILL');
        await waitFor(`${spec.name} to die`, () => done, 5_000);
      }
    },
  };
  running.add(daemon);
  return daemon;
}

export async function stopAllDaemons(): Promise<void> {
  await Promise.allSettled([...running].map((d) => d.stop()));
}

// Last resort if a worker dies before afterAll: never leave a daemon behind.
process.on('exit', () => {
  for (const d of running) if (alive(d.pid)) process.kill(d.pid, 'SIGKILL');
});
