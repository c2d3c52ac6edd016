/**
 * Everything the page shows for one query, computed by the engine. This module pulls in the whole
 * engine (zod, planner, renderers); the configurator imports it, so it is part of the island's entry
 * (scripts/island.mjs), fetched once the page has painted (scripts/afterpaint.mjs), and it computes
 * the page's starting state both at build and in the browser.
 */
import { runCore, type Result } from '@/lib/engine-core';
import type { RenderOptions } from '@/lib/types';
import { activePreset } from '@/lib/presets';
import { BUILD } from './build';

export interface View extends Result {
  /** The preset whose scenario this is exactly, if any. */
  readonly presetId: string | undefined;
  /** The query asks for config-management cards whose renderers have not arrived yet (loadManage). */
  readonly manageMissing: boolean;
}

/** The config-management renderers (lib/manage), a chunk of their own: most states ask for none. */
let manage: RenderOptions['manage'];
let loading: Promise<void> | undefined;
export function loadManage(): Promise<void> {
  loading ??= import('@/lib/manage').then((m) => {
    manage = m.manageSnippet;
  });
  return loading;
}

export function view(query: string): View {
  // The build's site URL (components/build.ts) makes every Reproduce line a full link.
  const result = runCore(query, { siteUrl: BUILD.siteUrl, manage });
  return {
    ...result,
    presetId: activePreset(result.input)?.id,
    manageMissing: manage === undefined && result.input.manage.length > 0 && !result.plan.infeasible,
  };
}
