/**
 * Child processes for the lab: line-buffered output, JSON events, bounded waits.
 * Times are CLOCK_MONOTONIC seconds (process.hrtime on Linux), the clock the Python and Node
 * helpers print, so times from different processes and namespaces compare directly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { z } from 'zod';

/** CLOCK_MONOTONIC in seconds. */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` every `everyMs` until it returns a value; throws after `timeoutMs`. */
export async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => T | undefined | Promise<T | undefined>,
  everyMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Monotonic time at which process `pid` is gone (polled every 20 ms). */
export function waitPidGone(pid: number, timeoutMs: number): Promise<number> {
  return until(`process ${pid} to exit`, timeoutMs, () => (isAlive(pid) ? undefined : now()));
}

/** A JSON line printed by a helper: an event name, a monotonic time, and any other fields. */
export const HelperEvent = z.looseObject({ event: z.string(), t: z.number() });
export type HelperEvent = z.infer<typeof HelperEvent>;

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Monotonic time at which this process saw the child exit. */
  readonly t: number;
}

export class Proc {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly events: HelperEvent[] = [];
  exit: Exit | undefined;
  private readonly child: ChildProcess;

  constructor(
    readonly name: string,
    argv: readonly string[],
  ) {
    const [file, ...args] = argv;
    if (file === undefined) throw new Error(`${name}: empty command`);
    this.child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.on('exit', (code, signal) => {
      this.exit = { code, signal, t: now() };
    });
    this.child.on('error', (error) => {
      this.stderr.push(`spawn error: ${error.message}`);
      this.exit ??= { code: null, signal: null, t: now() };
    });
    if (this.child.stdout) createInterface({ input: this.child.stdout }).on('line', (line) => this.onStdout(line));
    if (this.child.stderr) createInterface({ input: this.child.stderr }).on('line', (line) => this.stderr.push(line));
  }

  private onStdout(line: string): void {
    this.stdout.push(line);
    if (!line.startsWith('{')) return;
    // A line of multi-line JSON output (the probe's result) is not an event.
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return;
    }
    const parsed = HelperEvent.safeParse(value);
    if (parsed.success) this.events.push(parsed.data);
  }

  /** Waits for the first event named `event` (optionally matching `where`). */
  waitEvent(event: string, timeoutMs: number, where: (e: HelperEvent) => boolean = () => true): Promise<HelperEvent> {
    return until(`${this.name}: event ${event} (output: ${this.tail()})`, timeoutMs, () => {
      const found = this.events.find((e) => e.event === event && where(e));
      if (found === undefined && this.exit !== undefined) {
        throw new Error(`${this.name} exited (${this.exit.code ?? this.exit.signal}) before ${event}: ${this.tail()}`);
      }
      return found;
    });
  }

  /** Waits for a stderr line containing `text` (daemons announce readiness there). */
  waitStderr(text: string, timeoutMs: number): Promise<string> {
    return this.waitLine(this.stderr, 'stderr', text, timeoutMs);
  }

  waitStdout(text: string, timeoutMs: number): Promise<string> {
    return this.waitLine(this.stdout, 'stdout', text, timeoutMs);
  }

  private waitLine(lines: readonly string[], stream: string, text: string, timeoutMs: number): Promise<string> {
    return until(`${this.name}: "${text}" on ${stream} (output: ${this.tail()})`, timeoutMs, () => {
      const found = lines.find((line) => line.includes(text));
      if (found === undefined && this.exit !== undefined) {
        throw new Error(`${this.name} exited (${this.exit.code ?? this.exit.signal}): ${this.tail()}`);
      }
      return found;
    });
  }

  waitExit(timeoutMs: number): Promise<Exit> {
    return until(`${this.name} to exit`, timeoutMs, () => this.exit);
  }

  send(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.exit === undefined) this.child.kill(signal);
  }

  /** The last lines of output, for error messages. */
  tail(lines = 8): string {
    return [...this.stdout.slice(-lines), ...this.stderr.slice(-lines)].join(' | ');
  }
}
