/** One call from a query string to everything the CLI and the tests show, config management included. */
import { runCore, type Result } from './engine-core';
import { manageSnippet } from './manage';
import type { RenderOptions } from './types';

export type { Result };

/**
 * Parses, plans and renders. Never throws: bad fields are reported in `errors` and dropped. With the
 * site's URL in `options` (the build's or the CLI's), the plan and every header carry the full link.
 */
export function run(query: string | URLSearchParams, options: RenderOptions = {}): Result {
  return runCore(query, { manage: manageSnippet, ...options });
}
