/** render(Plan) -> Snippet[]: the target's own snippets, then the kernel, containers, code and verify, then config management. */
import { manageSnippet } from '../manage';
import { targetOf } from '../targets';
import type { Plan, Snippet } from '../types';
import { codeSnippets } from './code';
import { containerSnippets, sysctlSnippet, verifySnippet } from './common';

/** Every snippet of the plan in page order; none when the plan is infeasible (nothing wrong is printed). */
export function render(plan: Plan): Snippet[] {
  if (plan.infeasible) return [];
  const target = targetOf(plan.input.target);
  const { port, commands } = target.verify(plan);
  const snippets = [...target.snippets(plan), sysctlSnippet(plan), ...containerSnippets(plan), ...codeSnippets(plan), verifySnippet(plan, port, commands)];
  // The kinds the query asks for (`manage`), built from the snippets above, after them.
  return [...snippets, ...plan.input.manage.map((kind) => manageSnippet(kind, plan, snippets))];
}
