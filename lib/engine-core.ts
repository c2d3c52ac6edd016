/**
 * One call from a query string to everything the page shows, without the config-management renderers
 * (lib/manage): the page loads those only when a query asks for a kind, and passes them in `options`.
 * The CLI and the tests use lib/engine.ts run(), which always has them.
 */
import { plan } from './planner';
import { render, withLink } from './render';
import type { Input, Plan, RenderOptions, Snippet } from './types';
import { parseQuery, type FieldError } from './url';

export interface Result {
  readonly input: Input;
  readonly errors: readonly FieldError[];
  readonly plan: Plan;
  readonly snippets: readonly Snippet[];
}

/**
 * Parses, plans and renders. Never throws: bad fields are reported in `errors` and dropped. With the
 * site's URL in `options` (the build's or the CLI's), the plan and every header carry the full link.
 */
export function runCore(query: string | URLSearchParams, options: RenderOptions = {}): Result {
  const { input, errors } = parseQuery(query);
  const p = plan(input);
  return { input, errors, plan: withLink(p, options), snippets: render(p, options) };
}
