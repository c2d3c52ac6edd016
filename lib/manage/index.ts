/**
 * Config-management output: the plan's settings as Ansible tasks, cloud-init, or an AKS node pool's
 * sysctl block. Stub: being written; lib/cli.ts and the engine call these.
 */
import type { Plan, Snippet } from '../types';

/** The config-management kinds, also snippet ids and CLI `--format` values. */
export const MANAGE_KINDS = ['ansible', 'cloud-init', 'terraform-aks'] as const;
export type ManageKind = (typeof MANAGE_KINDS)[number];

/** The config-management snippet of one kind, for a plan and the snippets rendered from it. */
export function manageSnippet(kind: ManageKind, plan: Plan, snippets: readonly Snippet[]): Snippet {
  void plan;
  void snippets;
  throw new Error(`${kind}: not built yet`);
}
