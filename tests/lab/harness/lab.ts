/**
 * One lab per test: a fresh topology, a path witness in the middlebox, a temp directory, and the
 * cleanup of all of it in afterEach (namespaces, every process inside them, files), whether the
 * test passed or not. netns.ts also cleans up on a signal.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createTopology, cut, destroyTopology, nsSpawn, type Topology } from './netns';
import { sleep, type Proc } from './proc';
import { recordFailure, recordedCount, type Measurement } from './results';
import { PYTHON, PathWitness, helper, type Side } from './witness';

export const ECHO_PORT = 7000;

export interface Lab {
  readonly topo: Topology;
  readonly witness: PathWitness;
  /** A directory readable by the daemons' users (postgres, mysql). */
  readonly tmp: string;
  /** Registers a cleanup step that runs before the namespaces are removed (graceful stops). */
  onCleanup(step: () => Promise<void> | void): void;
  /** Writes a file into tmp and returns its path. */
  file(name: string, text: string): string;
  /** Cuts the path after `idleMs` of quiet; returns the monotonic time of the cut. */
  cutAfter(idleMs: number): Promise<number>;
}

export function useLab(): () => Promise<Lab> {
  const steps: (() => Promise<void> | void)[] = [];
  let topo: Topology | undefined;
  let tmp: string | undefined;

  let rowsBefore = 0;
  beforeEach(() => {
    rowsBefore = recordedCount();
  });
  afterEach(async (ctx) => {
    const result = ctx.task.result;
    if (result?.state === 'fail' && recordedCount() === rowsBefore) {
      recordFailure(
        ctx.task.name,
        (result.errors ?? [])
          .map((e) => e.message)
          .join('; ')
          .slice(0, 300),
      );
    }
    for (const step of steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        console.warn(`[lab] cleanup step failed: ${String(error)}`);
      }
    }
    if (topo !== undefined) destroyTopology(topo);
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
    topo = undefined;
    tmp = undefined;
  });

  return async () => {
    topo = createTopology();
    tmp = mkdtempSync(join(tmpdir(), 'kalab-'));
    chmodSync(tmp, 0o755);
    return labOn(topo, tmp, (step) => void steps.push(step));
  };
}

/** A Lab on a topology and a temp dir that exist: its path witness, files, cut and clean-up steps. */
export async function labOn(
  topo: Topology,
  tmp: string,
  onCleanup: (step: () => Promise<void> | void) => void,
): Promise<Lab> {
  const witness = await PathWitness.start(topo);
  return {
    topo,
    witness,
    tmp,
    onCleanup,
    file: (name, text) => {
      const path = join(tmp, name);
      writeFileSync(path, text, { mode: 0o644 });
      return path;
    },
    cutAfter: async (idleMs) => {
      await sleep(idleMs);
      return cut(topo);
    },
  };
}

/** The echo server in the server namespace (helpers/echo_server.py). */
export async function startEcho(lab: Lab): Promise<Proc> {
  const proc = nsSpawn(lab.topo.server, 'echo', [
    PYTHON,
    helper('echo_server.py'),
    lab.topo.serverAddr,
    String(ECHO_PORT),
  ]);
  await proc.waitEvent('ready', 5_000);
  return proc;
}

/** A lab client (helpers/ka_client.py) in the client namespace, connected and after one echo. */
export async function startClient(lab: Lab, options: readonly string[]): Promise<{ proc: Proc; port: number }> {
  const proc = nsSpawn(lab.topo.client, 'client', [
    PYTHON,
    helper('ka_client.py'),
    lab.topo.serverAddr,
    String(ECHO_PORT),
    ...options,
  ]);
  return { proc, port: await exchange(proc) };
}

/** Waits for a helper's "connected" event, sends one ping, waits for the echo; returns the local port. */
export async function exchange(proc: Proc): Promise<number> {
  const connected = await proc.waitEvent('connected', 5_000);
  proc.send('ping');
  await proc.waitEvent('data', 5_000);
  if (typeof connected.local !== 'number')
    throw new Error(`${proc.name}: no local port in ${JSON.stringify(connected)}`);
  return connected.local;
}

/**
 * How long `side` took to give up on a dead peer through TCP keepalive: seconds from the last
 * segment delivered to it on `port` to the RST its kernel sent on giving up. `appNoticed` must then
 * resolve (the application saw the error); its lag is returned as a note.
 */
export async function keepaliveGaveUp(
  lab: Lab,
  side: Side,
  port: number,
  tCut: number,
  timeoutMs: number,
  appNoticed: () => Promise<number>,
): Promise<Measurement> {
  const reset = await lab.witness.waitReset(side, port, tCut, timeoutMs);
  const noticed = await appNoticed();
  assertCutHeld(lab, tCut);
  return {
    seconds: reset.t - lab.witness.lastDelivered(side, tCut, { port }),
    note: `the application saw the error within ${Math.abs(Math.round((noticed - reset.t) * 1000))} ms of the RST`,
  };
}

/** keepaliveGaveUp for a lab client (ka_client.py, node_client.mjs), whose error must be ETIMEDOUT. */
export function clientGaveUp(
  lab: Lab,
  proc: Proc,
  port: number,
  tCut: number,
  timeoutMs: number,
): Promise<Measurement> {
  return keepaliveGaveUp(lab, 'client', port, tCut, timeoutMs, async () => {
    const error = await proc.waitEvent('error', 5_000);
    if (error.errno !== 'ETIMEDOUT') throw new Error(`${proc.name}: expected ETIMEDOUT, got ${String(error.errno)}`);
    return error.t;
  });
}

/** The cut must be total: nothing delivered to either endpoint after it. */
export function assertCutHeld(lab: Lab, tCut: number): void {
  const leaked = lab.witness.deliveredAfter(tCut);
  if (leaked.length > 0)
    throw new Error(`the cut leaked ${leaked.length} segments, first ${JSON.stringify(leaked[0])}`);
}
