/**
 * gRPC: a Debian python3-grpcio (C-core 1.51) server built from the grpc-python snippet's server part,
 * and a grpc-js client built with the grpc-js snippet's `channelOptions`, both on loopback, both
 * traced: C-core's GRPC_TRACE=http_keepalive (doc/environment_variables.md in the gRPC sources), and
 * grpc-js's GRPC_TRACE=keepalive,transport,subchannel with GRPC_VERBOSITY=DEBUG (grpc-js
 * build/src/logging.js), whose lines carry an ISO timestamp.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startDaemon, type Daemon } from './daemon';
import { exec, describe as describeExec, type ExecResult } from './exec';
import { tempDir, writeFile } from './tmp';
import { waitFor } from './wait';

const PYTHON = '/usr/bin/python3';
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const helper = (name: string): string => fileURLToPath(new URL(`../helpers/grpc/${name}`, import.meta.url));

/**
 * The grpc-python snippet's server part: its import lines, then everything from `server = grpc.server(`
 * on (the client channel before it is left out, so nothing dials the snippet's host).
 */
export function pythonServerPart(snippet: string): string {
  const lines = snippet.split('\n');
  const start = lines.findIndex((l) => l.startsWith('server = grpc.server('));
  if (start < 0) throw new Error('the grpc-python snippet has no `server = grpc.server(` line');
  const imports = lines.slice(0, start).filter((l) => /^(from \S+ )?import /.test(l));
  return [...imports, '', ...lines.slice(start)].join('\n');
}

/** A server with every C-core default: no options at all. */
export const DEFAULT_SERVER = [
  'from concurrent import futures',
  '',
  'import grpc',
  '',
  'server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))',
].join('\n');

export interface PyServer {
  readonly port: number;
  log(): string;
  stop(): Promise<void>;
}

/** Runs helpers/grpc/py_server.py on `source` (Python that defines `server`); resolves once it listens. */
export async function startPyServer(source: string): Promise<PyServer> {
  const dir = tempDir('grpc-py');
  const file = writeFile(join(dir, 'server_part.py'), source);
  const d: Daemon = startDaemon({
    name: 'python3-grpcio server',
    cmd: PYTHON,
    args: [helper('py_server.py'), file],
    env: { ...process.env, GRPC_TRACE: 'http_keepalive', GRPC_VERBOSITY: 'DEBUG' },
  });
  const portOf = (): number | undefined => {
    const m = /\{"event": "ready", "port": (\d+)/.exec(d.output());
    return m ? Number(m[1]) : undefined;
  };
  try {
    await waitFor('the gRPC server to listen', () => portOf() !== undefined || d.exited(), 20_000);
  } catch (error) {
    await d.stop();
    throw new Error(`${String(error)}: ${d.output().slice(-2000)}`);
  }
  const port = portOf();
  if (port === undefined) {
    await d.stop();
    throw new Error(`the gRPC server exited: ${d.output().slice(-2000)}`);
  }
  return { port, log: () => d.output(), stop: () => d.stop() };
}

/** One grpc-js trace line: `D <ISO time> | v1.14.7 <pid> | <tracer> | <text>`. */
export interface TraceLine {
  readonly at: number;
  readonly tracer: string;
  readonly text: string;
}

export function parseTrace(stderr: string): TraceLine[] {
  const out: TraceLine[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^[DIE] (\d{4}-\d\d-\d\dT[\d:.]+Z) \| [^|]+\| (\w+) \| (.*)$/.exec(line);
    if (m) out.push({ at: Date.parse(m[1] ?? ''), tracer: m[2] ?? '', text: m[3] ?? '' });
  }
  return out;
}

export interface ClientEvent {
  readonly event: 'started' | 'state' | 'rpc';
  readonly at: number;
  readonly state?: string;
  readonly ok?: boolean;
  readonly error?: string;
}

export interface JsClient {
  events(): ClientEvent[];
  trace(): TraceLine[];
  /** grpc-js's log lines without a timestamp (its ERROR log), as text. */
  stderr(): string;
  /** One unary call; resolves with whether it succeeded. */
  rpc(timeoutMs?: number): Promise<boolean>;
  stop(): Promise<void>;
}

const clients = new Set<ChildProcess>();

/**
 * Runs helpers/grpc/js_client.mjs with the grpc-js snippet as its own module (keepalive.mjs, the
 * snippet's filename) in a temp dir that links the repository's node_modules, so its
 * `import * as grpc from "@grpc/grpc-js"` resolves as in a project that installed it.
 */
export async function startJsClient(snippet: string, port: number): Promise<JsClient> {
  const dir = tempDir('grpc-js');
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  const file = writeFile(join(dir, 'keepalive.mjs'), snippet);
  const child = spawn(process.execPath, [helper('js_client.mjs'), file, String(port)], {
    cwd: dir,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, GRPC_TRACE: 'keepalive,transport,subchannel', GRPC_VERBOSITY: 'DEBUG' },
  });
  clients.add(child);
  let exited = false;
  let stderr = '';
  const events: ClientEvent[] = [];
  child.on('exit', () => {
    exited = true;
    clients.delete(child);
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('{')) events.push(JSON.parse(line) as ClientEvent);
  });
  const stop = async (): Promise<void> => {
    if (exited) return;
    child.stdin.end('quit\n');
    try {
      await waitFor('the grpc-js client to quit', () => exited, 5_000);
    } catch {
      child.kill('SIGKILL');
      await waitFor('the grpc-js client to die', () => exited, 5_000);
    }
  };
  try {
    await waitFor('the grpc-js client to start', () => exited || events.some((e) => e.event === 'started'), 20_000);
  } catch (error) {
    await stop();
    throw new Error(`${String(error)}: ${stderr.slice(-2000)}`);
  }
  if (exited) throw new Error(`the grpc-js client exited: ${stderr.slice(-2000)}`);
  return {
    events: () => [...events],
    trace: () => parseTrace(stderr),
    stderr: () => stderr,
    rpc: async (timeoutMs = 15_000) => {
      const before = events.filter((e) => e.event === 'rpc').length;
      child.stdin.write('rpc\n');
      await waitFor(
        'the RPC to finish',
        () => exited || events.filter((e) => e.event === 'rpc').length > before,
        timeoutMs,
      );
      return events.filter((e) => e.event === 'rpc')[before]?.ok === true;
    },
    stop,
  };
}

export function stopAllClients(): void {
  for (const c of clients) c.kill('SIGKILL');
}

/**
 * `go vet` of the grpc-go snippet as package rpc (its own `package rpc` line) in GOPATH mode against
 * Debian's golang-google-grpc-dev (google.golang.org/grpc 1.33 under /usr/share/gocode).
 */
export async function goVet(snippet: string): Promise<ExecResult> {
  const dir = tempDir('grpc-go');
  mkdirSync(join(dir, 'src', 'rpc'), { recursive: true });
  writeFile(join(dir, 'src', 'rpc', 'keepalive.go'), snippet);
  return exec('go', ['vet', 'rpc'], {
    timeoutMs: 300_000,
    cwd: dir,
    env: {
      ...process.env,
      GOPATH: `${dir}:/usr/share/gocode`,
      GO111MODULE: 'off',
      GOFLAGS: '',
      GOCACHE: join(dir, 'cache'),
      HOME: dir,
    },
  });
}

/**
 * javac of the grpc-java snippet inside a class, with no gRPC jars (Debian packages none): the snippet's
 * syntax is checked, its names cannot be. Returns the diagnostics that are not about a missing symbol
 * or package (those are expected without the jars): empty when the syntax is sound.
 */
export async function javaSyntaxErrors(snippet: string): Promise<{ errors: string[]; result: ExecResult }> {
  const dir = tempDir('grpc-java');
  const body = snippet
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
  const file = writeFile(
    join(dir, 'Keepalive.java'),
    `import java.util.concurrent.TimeUnit;\n\nclass Keepalive {\n  void build(Object service) {\n${body}\n  }\n}\n`,
  );
  const result = await exec('javac', ['-Xmaxerrs', '1000', '-proc:none', '-d', join(dir, 'out'), file], {
    timeoutMs: 120_000,
    cwd: dir,
  });
  const errors = result.stderr
    .split('\n')
    .filter((l) => / error: /.test(l))
    .filter((l) => !/error: (cannot find symbol|package \S+ does not exist)/.test(l));
  return { errors, result };
}

export { describeExec };

/**
 * The grpc-python snippet's client part pointed at 127.0.0.1:`port`: its import lines, then the
 * `channel = grpc.insecure_channel(` statement, whose "host:50051" literal is the only thing replaced.
 */
export function pythonClientPart(snippet: string, port: number): string {
  const lines = snippet.split('\n');
  const start = lines.findIndex((l) => l.startsWith('channel = grpc.insecure_channel('));
  const end = lines.findIndex((l, i) => i > start && l === ')');
  if (start < 0 || end < 0) throw new Error('the grpc-python snippet has no `channel = grpc.insecure_channel(...)`');
  const imports = lines.slice(0, start).filter((l) => /^(from \S+ )?import /.test(l));
  const channel = lines.slice(start, end + 1).join('\n');
  const pointed = channel.replace(/"[^"\n]*:50051"/, `"127.0.0.1:${port}"`);
  if (pointed === channel) throw new Error('the grpc-python channel has no "host:50051" target');
  return [...imports, '', pointed].join('\n');
}

export interface PyClient {
  log(): string;
  /** Stops it: it makes one more call first (helpers/grpc/py_client.py). */
  stop(): Promise<void>;
}

/** Runs helpers/grpc/py_client.py on `source` (Python that defines `channel`), traced; resolves after its first call. */
export async function startPyClient(source: string): Promise<PyClient> {
  const dir = tempDir('grpc-py-client');
  const file = writeFile(join(dir, 'client_part.py'), source);
  const d: Daemon = startDaemon({
    name: 'grpc-python client',
    cmd: PYTHON,
    args: [helper('py_client.py'), file],
    env: { ...process.env, GRPC_TRACE: 'http_keepalive', GRPC_VERBOSITY: 'DEBUG' },
  });
  try {
    await waitFor('the grpc-python client to call', () => d.output().includes('{"event": "rpc"') || d.exited(), 20_000);
  } catch (error) {
    await d.stop();
    throw new Error(`${String(error)}: ${d.output().slice(-2000)}`);
  }
  return { log: () => d.output(), stop: () => d.stop() };
}

/** C-core log lines (`I1201 14:04:05.949287115 pid file:line] text`) matching `re`, with their time of day in ms. */
export function coreLines(log: string, re: RegExp): { at: number; text: string }[] {
  const out: { at: number; text: string }[] = [];
  for (const line of log.split('\n')) {
    const m = /^[DIEW]\d{4} (\d\d):(\d\d):(\d\d)\.(\d{3})\d*\s+\d+\s+\S+\]\s+(.*)$/.exec(line);
    if (!m || !re.test(m[5] ?? '')) continue;
    const [h, min, sec, ms] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
    out.push({ at: ((h * 60 + min) * 60 + sec) * 1000 + ms, text: m[5] ?? '' });
  }
  return out;
}
