/**
 * The engine as users run it: the CLI, `tsx lib/cli.ts QUERY --format json`. Every computed
 * figure the lab compares against comes from here, never from a constant in a test.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { z } from 'zod';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = `${REPO}node_modules/.bin/tsx`;
const CLI = `${REPO}lib/cli.ts`;

const Situation = z.object({ situation: z.string(), worstCaseSeconds: z.number().nullable(), offset: z.number() });
const Detection = z.object({
  worstCaseSeconds: z.number().nullable(),
  formula: z.string(),
  situation: z.string(),
  decidedBy: z.string().optional(),
  situations: z.array(Situation),
});
const Alive = z.object({ interval: z.number(), count: z.number() });
const Failing = z.object({ box: z.string(), seconds: z.number(), kind: z.enum(['packet', 'payload']) });
const Survival = z.object({ ok: z.boolean().nullable(), failing: Failing.nullable() });
const EngineOutput = z.object({
  shareQuery: z.string(),
  survival: z.object({ before: Survival, after: Survival }),
  // What the snippets print (lib/types.ts Values); JSON leaves out the ones that are not set.
  values: z.looseObject({
    keepalive: z.object({ idle: z.number(), interval: z.number(), count: z.number() }),
    userTimeoutMs: z.number().optional(),
    serverAlive: Alive.optional(),
    clientAlive: Alive.optional(),
    retries2: z.number().optional(),
  }),
  detection: z.array(z.object({ layer: z.string(), label: z.string(), before: Detection, after: Detection })),
  snippets: z.array(z.object({ id: z.string(), filename: z.string(), text: z.string() })),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
  infeasible: z.object({ constraint: z.string(), message: z.string() }).nullish(),
});
export type EngineOutput = z.infer<typeof EngineOutput>;

const cache = new Map<string, Promise<EngineOutput>>();

/** Runs the CLI once per query (cached for the worker's lifetime). */
export function engine(query: string): Promise<EngineOutput> {
  let result = cache.get(query);
  if (result === undefined) {
    result = promisify(execFile)(TSX, [CLI, query, '--format', 'json'], { cwd: REPO, timeout: 60_000 }).then(
      ({ stdout }) => EngineOutput.parse(JSON.parse(stdout)),
    );
    cache.set(query, result);
  }
  return result;
}

/**
 * detection[layer].after, one situation's worst case (lib/timeline): what a scenario that puts the layer in
 * that situation is compared with. The default, `idle`, is the dead idle peer most scenarios measure.
 */
export function worstCase(out: EngineOutput, layer: string, situation = 'idle'): number {
  const found = out.detection.find((d) => d.layer === layer);
  if (found === undefined)
    throw new Error(`engine reports no layer ${layer} (has ${out.detection.map((d) => d.layer).join(', ')})`);
  const s = found.after.situations.find((x) => x.situation === situation);
  if (s === undefined)
    throw new Error(
      `engine reports no situation ${situation} for ${layer} (has ${found.after.situations.map((x) => x.situation).join(', ')})`,
    );
  if (s.worstCaseSeconds === null)
    throw new Error(`engine says layer ${layer} never detects a dead peer when ${situation}`);
  return s.worstCaseSeconds;
}

export function snippet(out: EngineOutput, id: string): string {
  const found = out.snippets.find((s) => s.id === id);
  if (found === undefined)
    throw new Error(`engine emits no snippet ${id} (has ${out.snippets.map((s) => s.id).join(', ')})`);
  return found.text;
}
