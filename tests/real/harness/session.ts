/** A client kept connected while the caller inspects its sockets, then closed; every step bounded. */
import { spawn } from 'node:child_process';
import { waitFor } from './wait';

export interface Session<T> {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** What `during` returned, or undefined when the marker never appeared. */
  readonly during: T | undefined;
}

/**
 * Runs `cmd`, writes `script` to its stdin and keeps stdin open until `marker` shows on stdout,
 * then calls `during` (e.g. read `ss`), then closes stdin so the client exits.
 */
export async function holdSession<T>(
  cmd: string,
  args: readonly string[],
  script: string,
  marker: string,
  during: () => Promise<T>,
): Promise<Session<T>> {
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let code: number | null = null;
  let exited = false;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.on('close', (c) => {
    code = c;
    exited = true;
  });
  child.on('error', (e) => {
    stderr += String(e);
    exited = true;
  });
  child.stdin.on('error', () => undefined);
  child.stdin.write(script);
  let result: T | undefined;
  try {
    await waitFor(`${cmd} to print ${marker}`, () => exited || stdout.includes(marker), 20_000);
    if (!exited) result = await during();
  } finally {
    child.stdin.end();
    try {
      await waitFor(`${cmd} to exit`, () => exited, 10_000);
    } catch {
      child.kill('SIGKILL');
      await waitFor(`${cmd} to die`, () => exited, 5_000);
    }
  }
  return { code, stdout, stderr, during: result };
}
