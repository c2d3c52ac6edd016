/**
 * Everything the page shows for one query, computed by the engine. This module pulls in the whole
 * engine (zod, planner, renderers), so the browser loads it lazily; the server shell imports it to
 * render the default state at build time.
 */
import { run, type Result } from '@/lib/engine';
import { activePreset } from '@/lib/presets';
import { DEFAULT_INPUT } from '@/lib/schema';
import { BUILD } from './build';

/** The Markdown runbook, equal to the CLI's `--format markdown`; made only when asked for (9 KB). */
export { runbook } from '@/lib/runbook';

export interface View extends Result {
  /** The preset whose scenario this is exactly, if any. */
  readonly presetId: string | undefined;
}

/**
 * Builds what the engine builds on first use (the field parsers, the presets' index), so that the
 * first edit does not pay for it; the page calls it when the browser is idle after loading this.
 */
export function warm(): void {
  activePreset(DEFAULT_INPUT);
}

export function view(query: string): View {
  // The build's site URL (components/build.ts) makes every Reproduce line a full link.
  const result = run(query, { siteUrl: BUILD.siteUrl });
  return { ...result, presetId: activePreset(result.input)?.id };
}
