/**
 * Runs the project's build (`npm run build`: `next build`, the static export to out/, then the CSP
 * step that rewrites out/*.html), so the benchmark measures what ships; bounded in time, log to a file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/** Kills a detached child's whole process group (npx, next and its workers). */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export function build(
  root: string,
  logFile: string,
  timeoutMs: number,
  onChild: (c: ChildProcess) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile);
    const child = spawn('npm', ['run', 'build'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    onChild(child);
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const timer = setTimeout(() => {
      killGroup(child);
      reject(new Error(`npm run build did not finish within ${timeoutMs / 1000} s (log: ${logFile})`));
    }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      log.end();
      if (code === 0) resolve();
      else reject(new Error(`npm run build failed (${signal ?? `exit ${code}`}); log: ${logFile}`));
    });
  });
}
