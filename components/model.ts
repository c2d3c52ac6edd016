/**
 * Everything the page shows for one query, computed by the engine. This module pulls in the whole
 * engine (zod, planner, renderers); the configurator imports it, so it is among the page's first
 * scripts, fetched with the framework once the page has painted (scripts/afterpaint.mjs), and it
 * computes the page's starting state both at build and in the browser.
 */
import { run, type Result } from '@/lib/engine';
import { activePreset } from '@/lib/presets';
import { BUILD } from './build';

/** The Markdown runbook, equal to the CLI's `--format markdown`; made only when asked for (9 KB). */
export { runbook } from '@/lib/runbook';

export interface View extends Result {
  /** The preset whose scenario this is exactly, if any. */
  readonly presetId: string | undefined;
}

export function view(query: string): View {
  // The build's site URL (components/build.ts) makes every Reproduce line a full link.
  const result = run(query, { siteUrl: BUILD.siteUrl });
  return { ...result, presetId: activePreset(result.input)?.id };
}
