/**
 * `keepalive-config probe HOST:PORT` and `keepalive-config echo --listen ADDR:PORT`.
 * Stub: the probe is being written; lib/cli.ts dispatches here.
 */

/** Runs `probe` with its arguments (after the subcommand); resolves to the exit code. */
export async function probeMain(argv: readonly string[]): Promise<number> {
  void argv;
  process.stderr.write('probe: not built yet\n');
  return 1;
}

/** Runs `echo` with its arguments (after the subcommand); resolves to the exit code. */
export async function echoMain(argv: readonly string[]): Promise<number> {
  void argv;
  process.stderr.write('echo: not built yet\n');
  return 1;
}
