/** render(Plan) -> Snippet[]: the target's own snippets, then the kernel, containers, code and verify, then config management (given its renderer). */
import { applyFilter } from '../filter';
import { shareLink } from '../link';
import { targetOf } from '../targets';
import type { Plan, RenderOptions, Snippet } from '../types';
import { codeSnippets } from './code';
import { containerSnippets, sysctlSnippet, verifySnippet } from './common';

/**
 * Every snippet of the plan in page order, only those the input's filter keeps (lib/filter.ts); none
 * when the plan is infeasible (nothing wrong is printed). With the site's URL in `options`, every
 * header's Reproduce line carries the full link (lib/link.ts).
 */
export function render(planned: Plan, options: RenderOptions = {}): Snippet[] {
  if (planned.infeasible) return [];
  const plan = withLink(planned, options);
  const target = targetOf(plan.input.target);
  const { port, commands } = target.verify(plan);
  const all = [
    ...target.snippets(plan),
    sysctlSnippet(plan),
    ...containerSnippets(plan),
    ...codeSnippets(plan),
    verifySnippet(plan, port, commands),
  ];
  const snippets = applyFilter(plan.input, all);
  // The kinds the query asks for (`manage`), built from the snippets the filter keeps, after them.
  const manage = options.manage;
  return manage === undefined
    ? snippets
    : [...snippets, ...plan.input.manage.map((kind) => manage(kind, plan, snippets))];
}

/** The plan with its full link (`shareUrl`) when the options give the site's URL; the same plan otherwise. */
export function withLink(plan: Plan, options: RenderOptions): Plan {
  return options.siteUrl === undefined ? plan : { ...plan, shareUrl: shareLink(plan.shareQuery, options.siteUrl) };
}
