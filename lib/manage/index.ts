/**
 * Config-management output: the plan's settings as Ansible tasks, cloud-init user data, or an AKS
 * node pool's sysctl block. Each is built from the snippets the plan renders (lib/render), so it
 * carries exactly their values; the engine appends the kinds the query asks for (`manage`), and
 * lib/cli.ts prints one for `--format ansible` and so on.
 */
import { MANAGE_KINDS, type ManageKind } from '../catalog';
import { detectionOf } from '../timeline';
import { idle } from '../timeline/models';
import { layerWorst, makeSnippet } from '../render/snippet';
import type { Plan, Snippet } from '../types';
import { ansibleBody } from './ansible';
import { cloudInitText } from './cloudinit';
import { managedFiles } from './files';
import { clampToAks, terraformBody } from './terraform';

export { MANAGE_KINDS, type ManageKind };

const META = {
  ansible: {
    id: 'ansible',
    title: 'Ansible tasks (kernel and daemon files)',
    filename: 'keepalive-tasks.yml',
    destination: 'tasks/main.yml of a role, or tasks: of a play',
    language: 'yaml',
  },
  'cloud-init': {
    id: 'cloud-init',
    title: 'cloud-init user data (write_files, runcmd)',
    filename: 'user-data.yaml',
    destination: 'the instance user data',
    language: 'yaml',
  },
  // HCL: highlighted as ini until the page loads an HCL grammar.
  'terraform-aks': {
    id: 'terraform-aks',
    title: 'Terraform: AKS node pool sysctls (azurerm)',
    filename: 'aks-keepalive.tf',
    destination: 'default_node_pool of azurerm_kubernetes_cluster, or an azurerm_kubernetes_cluster_node_pool',
    language: 'hcl',
  },
} as const satisfies Record<ManageKind, Parameters<typeof makeSnippet>[1]>;

/** Said instead of tasks when no values satisfy every constraint (render() then shows nothing either). */
const infeasibleLines = (plan: Plan) => [
  `# No values satisfy every constraint, so there is nothing to roll out: ${plan.infeasible?.message ?? ''}`,
];

/**
 * The config-management snippet of one kind, for a plan and the snippets rendered from it
 * (`render(plan)` without any config-management snippet). Deterministic; throws only on a
 * programming error (a snippet outside its serializer's grammar).
 */
export function manageSnippet(kind: ManageKind, plan: Plan, snippets: readonly Snippet[]): Snippet {
  const meta = META[kind];
  const base = snippets.filter((s) => !(MANAGE_KINDS as readonly string[]).includes(s.id));
  const { kernel, files, left, manual } = managedFiles(plan, base);
  // No worst case in the header when nothing is rolled out.
  const headline = plan.infeasible ? undefined : layerWorst(plan, plan.headline);
  switch (kind) {
    case 'ansible':
      return makeSnippet(
        plan,
        meta,
        headline,
        plan.infeasible ? [...infeasibleLines(plan), '[]'] : ansibleBody(kernel, files, left, manual),
      );
    case 'cloud-init':
      return { ...meta, text: cloudInitText(plan, meta.title, headline, kernel, files, left, manual) };
    case 'terraform-aks': {
      const linux = layerWorst(plan, 'linux');
      const worst = linux && {
        before: linux.before,
        after: detectionOf([idle({ keepalive: clampToAks(plan.values.keepalive).values, owner: 'the application' })]),
      };
      return makeSnippet(
        plan,
        meta,
        plan.infeasible ? undefined : worst,
        plan.infeasible ? infeasibleLines(plan) : terraformBody(plan),
      );
    }
    default:
      return kind satisfies never;
  }
}
