/**
 * The CLI's whole JSON for a query, for the parts engine.ts's schema leaves out: `survival`, `values`
 * and each layer's `after.situations` (issue #11). Same command as engine.ts: `tsx lib/cli.ts QUERY
 * --format json`.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';
import { REPO } from './engine';

const Failing = z.object({ box: z.string(), seconds: z.number(), kind: z.enum(['packet', 'payload']) });
const Survival = z.object({ ok: z.boolean().nullable(), failing: Failing.nullable() });
const Situation = z.object({ situation: z.string(), worstCaseSeconds: z.number().nullable(), offset: z.number() });
const CliJson = z.object({
  survival: z.object({ before: Survival, after: Survival }),
  values: z.looseObject({ retries2: z.number().optional() }),
  detection: z.array(z.object({ layer: z.string(), after: z.object({ worstCaseSeconds: z.number().nullable(), situations: z.array(Situation) }) })),
});
export type CliJson = z.infer<typeof CliJson>;

/** Runs the CLI once for `query` and parses the fields above. */
export async function cliJson(query: string): Promise<CliJson> {
  const { stdout } = await promisify(execFile)(`${REPO}node_modules/.bin/tsx`, [`${REPO}lib/cli.ts`, query, '--format', 'json'], { cwd: REPO, timeout: 60_000 });
  return CliJson.parse(JSON.parse(stdout));
}
