/** psql with a conninfo over TCP, held open so the sockets can be read with ss. */
import { pgBin } from './postgres';
import { holdSession } from './session';
import { settledSockets, type TimerReading } from './ss';

export interface PsqlProbe {
  readonly code: number | null;
  readonly stderr: string;
  /** `SHOW name` results, in the order asked. */
  readonly shown: readonly string[];
  /** Sockets on the server port while the session was idle: client side and server side. */
  readonly client: TimerReading | undefined;
  readonly server: TimerReading | undefined;
  /** Upper bound of the connection's age when ss ran, seconds. */
  readonly ageSec: number;
}

const MARKER = 'ka-real-ready';

/**
 * Connects with `conninfo` followed by host/port/user/dbname overrides (later keywords win in
 * libpq), runs SHOW for each name, and reads both ends of the TCP connection.
 */
export async function psqlProbe(conninfo: string, port: number, shows: readonly string[]): Promise<PsqlProbe> {
  const full = `${conninfo} host=127.0.0.1 port=${port} user=postgres dbname=postgres`;
  const script = `${shows.map((s) => `SHOW ${s};`).join('\n')}\nSELECT '${MARKER}';\n`;
  const started = Date.now();
  let ageSec = 0;
  const session = await holdSession(
    pgBin('psql'),
    ['-X', '-At', '-v', 'ON_ERROR_STOP=1', full],
    script,
    MARKER,
    async () => {
      return settledSockets(port, () => (ageSec = (Date.now() - started) / 1000 + 0.5));
    },
  );
  const sockets = session.during ?? [];
  const lines = session.stdout.split('\n').filter((l) => l !== '' && l !== MARKER);
  return {
    code: session.code,
    stderr: session.stderr,
    shown: lines,
    client: sockets.find((s) => s.peer.endsWith(`:${port}`)),
    server: sockets.find((s) => s.local.endsWith(`:${port}`)),
    ageSec,
  };
}
