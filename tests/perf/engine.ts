/**
 * Engine cost per target: run(query) (parse, plan, render), and plan and render alone, median
 * microseconds per call after a warm-up. Wall clock and process CPU time are both kept: on a busy
 * machine the wall clock also counts time the process waited for a CPU.
 *
 * The bench measures the engine as it ships (./engine-shipped.ts), not through tsx.
 */
import { TARGETS, type TargetId } from '../../lib/catalog';
import { run } from '../../lib/engine';
import { plan } from '../../lib/planner';
import { render } from '../../lib/render';
import { parseQuery } from '../../lib/url';
import { median } from './stats';

export interface EngineCost {
  readonly target: TargetId;
  readonly query: string;
  readonly snippets: number;
  /** run(query): parse, plan and render, wall clock. */
  readonly runUs: number;
  /** run(query), CPU time of the process. */
  readonly runCpuUs: number;
  readonly planUs: number;
  readonly renderUs: number;
}

interface Timing {
  readonly wallUs: number;
  readonly cpuUs: number;
}

/**
 * Wall clock: the median of single calls, so a call the scheduler interrupted (or a GC pause) moves
 * it little. CPU time: the median over batches (process.cpuUsage has microsecond granularity).
 */
function time(fn: () => unknown, samples: number, batches: number, perBatch: number): Timing {
  for (let i = 0; i < 200; i++) fn(); // warm-up: JIT and inline caches
  const wall: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    fn();
    wall.push((performance.now() - t0) * 1000);
  }
  const cpu: number[] = [];
  for (let b = 0; b < batches; b++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < perBatch; i++) fn();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / perBatch);
  }
  return { wallUs: median(wall), cpuUs: median(cpu) };
}

/** One row per target for the default scenario of that target. */
export function engineCosts(samples = 400, batches = 20, perBatch = 25): EngineCost[] {
  for (const target of TARGETS) for (let i = 0; i < 100; i++) run(`v=1&target=${target}`); // shared code warm
  return TARGETS.map((target) => {
    const query = `v=1&target=${target}`;
    const { input, errors } = parseQuery(query);
    if (errors.length > 0) throw new Error(`engine bench: bad query ${query}`);
    const p = plan(input);
    const r = time(() => run(query), samples, batches, perBatch);
    return {
      target,
      query,
      snippets: run(query).snippets.length,
      runUs: r.wallUs,
      runCpuUs: r.cpuUs,
      planUs: time(() => plan(input), samples, batches, perBatch).wallUs,
      renderUs: time(() => render(p), samples, batches, perBatch).wallUs,
    };
  });
}
