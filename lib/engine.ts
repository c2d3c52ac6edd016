/** One call from a query string to everything the page and the CLI show. */
import { plan } from './planner';
import { render, withLink } from './render';
import type { Plan, RenderOptions, Snippet } from './types';
import { parseQuery, type FieldError } from './url';
import type { Input } from './types';

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
export function run(query: string | URLSearchParams, options: RenderOptions = {}): Result {
  const { input, errors } = parseQuery(query);
  const p = plan(input);
  return { input, errors, plan: withLink(p, options), snippets: render(p, options) };
}
