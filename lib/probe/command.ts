/**
 * `keepalive-config probe HOST:PORT` and `keepalive-config echo --listen ADDR:PORT`; lib/cli.ts
 * dispatches here. Exit codes: 0 ok, 2 bad input, 1 failure. Only the result goes to stdout;
 * the announcement, progress and errors go to stderr.
 */
import { CONNECT_TIMEOUT, parseEchoArgs, parseProbeArgs } from './options';
import { ECHO_USAGE, PROBE_USAGE, announcement, progressLine, toJson, toText } from './report';
import { Session } from './session';
import { realClock, startEcho, tcpDial } from './net';

const wantsHelp = (argv: readonly string[]): boolean => argv.includes('--help') || argv.includes('-h');
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Runs `probe` with its arguments (after the subcommand); resolves to the exit code. */
export async function probeMain(argv: readonly string[]): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(PROBE_USAGE);
    return 0;
  }
  const o = parseProbeArgs(argv);
  if (typeof o === 'string') {
    process.stderr.write(`probe: ${o}\n`);
    return 2;
  }
  const tty = process.stderr.isTTY === true;
  let interrupted = false;
  let ticker: (() => void) | undefined;
  return new Promise<number>((resolve) => {
    const session = new Session({ ...o, connectTimeout: CONNECT_TIMEOUT }, realClock, tcpDial(o.host, o.port), {
      // On a terminal only warnings interrupt the progress line; elsewhere every step is a line.
      log: (line) =>
        void (!tty
          ? process.stderr.write(`probe: ${line}\n`)
          : line.startsWith('warning')
            ? process.stderr.write(`\r\x1b[Kprobe: ${line}\n`)
            : undefined),
      progress: (p) => void (tty ? process.stderr.write(progressLine(p)) : undefined),
      done: (result) => {
        ticker?.();
        for (const sig of SIGNALS) process.off(sig, onSignal);
        if (tty) process.stderr.write('\n');
        if ('error' in result) {
          process.stderr.write(`probe: ${o.host}:${o.port}: ${result.error}\n`);
          return resolve(1);
        }
        process.stdout.write(o.format === 'json' ? toJson(result) : toText(result, o));
        resolve(interrupted ? 1 : 0);
      },
    });
    const onSignal = (): void => {
      interrupted = true;
      session.stop('interrupted');
    };
    for (const sig of SIGNALS) process.once(sig, onSignal);
    process.stderr.write(announcement(o, session.announced));
    if (tty) {
      // Redraws the line once a second; the timer is re-armed only while the session runs.
      const tick = (): void => {
        process.stderr.write(progressLine(session.snapshot()));
        ticker = realClock.after(1000, tick);
      };
      ticker = realClock.after(1000, tick);
    }
    session.start();
  });
}

/** Runs `echo` with its arguments (after the subcommand); resolves to the exit code. */
export async function echoMain(argv: readonly string[]): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(ECHO_USAGE);
    return 0;
  }
  const o = parseEchoArgs(argv);
  if (typeof o === 'string') {
    process.stderr.write(`echo: ${o}\n`);
    return 2;
  }
  let server;
  try {
    server = await startEcho(o.host, o.port, o.maxConnections);
  } catch (error) {
    process.stderr.write(
      `echo: cannot listen on ${o.host}:${o.port}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
    );
    return 1;
  }
  process.stderr.write(
    `echo: listening on ${server.address} (at most ${o.maxConnections} connections); stop with Ctrl-C\n`,
  );
  const running = server;
  return new Promise<number>((resolve) => {
    const stop = (): void => {
      for (const sig of SIGNALS) process.off(sig, stop);
      running.close();
      resolve(0);
    };
    for (const sig of SIGNALS) process.once(sig, stop);
  });
}
