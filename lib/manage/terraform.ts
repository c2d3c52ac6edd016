/**
 * Terraform for AKS: the kernel keepalive values as the azurerm provider's node pool
 * `linux_os_config { sysctl_config { ... } }`, clamped to the ranges the provider accepts.
 */
import { idleKeepalive } from '../detection';
import { formatDuration } from '../time';
import { block, comment, setting, type Line } from '../render/lines';
import { serializeHcl } from '../render/hcl';
import type { Keepalive, Plan } from '../types';

/**
 * The provider's ranges (hashicorp/terraform-provider-azurerm: internal/services/containers/
 * kubernetes_nodepool.go, schemaNodePoolSysctlConfig, validation.IntBetween; the same in
 * website/docs/r/kubernetes_cluster.html.markdown and kubernetes_cluster_node_pool.html.markdown):
 * tcp_keepalive_time 30..432000, tcp_keepalive_intvl 10..90 (10..75 before the ranges were widened,
 * pull request 23077), tcp_keepalive_probes 1..15.
 */
export const AKS_RANGES = {
  idle: { attribute: 'net_ipv4_tcp_keepalive_time', min: 30, max: 432000 },
  interval: { attribute: 'net_ipv4_tcp_keepalive_intvl', min: 10, max: 90 },
  count: { attribute: 'net_ipv4_tcp_keepalive_probes', min: 1, max: 15 },
} as const satisfies Record<keyof Keepalive, { attribute: string; min: number; max: number }>;

const FIELDS = ['idle', 'interval', 'count'] as const satisfies readonly (keyof Keepalive)[];

export interface Clamp {
  readonly values: Keepalive;
  /** The values the ranges changed: attribute, planned, written. */
  readonly changed: readonly (readonly [string, number, number])[];
}

/** Each value moved into its range; what moved. */
export function clampToAks(k: Keepalive): Clamp {
  const clamp = (f: keyof Keepalive) => Math.min(AKS_RANGES[f].max, Math.max(AKS_RANGES[f].min, k[f]));
  const values = { idle: clamp('idle'), interval: clamp('interval'), count: clamp('count') };
  const changed = FIELDS.filter((f) => values[f] !== k[f]).map(
    (f) => [AKS_RANGES[f].attribute, k[f], values[f]] as const,
  );
  return { values, changed };
}

/** The comments and the HCL block, for the plan's kernel values. */
export function terraformBody(plan: Plan): string[] {
  const k = plan.values.keepalive;
  const { values, changed } = clampToAks(k);
  const planned = idleKeepalive(k).worstCaseSeconds ?? 0;
  const written = idleKeepalive(values).worstCaseSeconds ?? 0;
  const deadline = plan.path.probeDeadline;
  const r = AKS_RANGES;
  const clampLines: Line[] =
    changed.length === 0
      ? [comment('The planned values are inside these ranges: nothing is clamped.')]
      : [
          comment(`Clamped to those ranges: ${changed.map(([a, from, to]) => `${a} ${from} -> ${to}`).join(', ')}.`),
          comment(
            `The worst case becomes ${formatDuration(written)} (T + P × I), not the planned ${formatDuration(planned)}.`,
          ),
          ...(deadline !== undefined && values.idle + values.interval >= deadline
            ? [
                comment(
                  `T + I = ${values.idle + values.interval} s is not below ${deadline} s (the path's timeout less a margin): set per-socket values (the code snippets) instead.`,
                ),
              ]
            : []),
        ];
  // A node pool resource replaces the pool on a change (schemaNodePoolSysctlConfigForceNew); default_node_pool
  // cycles the system pool and needs temporary_name_for_rotation (r/kubernetes_cluster.html.markdown, default_node_pool note).
  const lines: Line[] = [
    comment(
      'Only the kernel settings have an AKS form: daemon files and client settings go on the hosts or in images.',
    ),
    comment(
      'Inside default_node_pool { } of azurerm_kubernetes_cluster, or in an azurerm_kubernetes_cluster_node_pool',
    ),
    comment('(there a change replaces the pool: ForceNew; in default_node_pool set temporary_name_for_rotation).'),
    comment("These set the node's own network namespace (kubelet, hostNetwork pods): other pods start with the kernel"),
    comment('defaults in their own namespace and need the Kubernetes pod sysctls.'),
    comment(
      `Provider ranges: ${r.idle.attribute} ${r.idle.min}..${r.idle.max}, ${r.interval.attribute} ${r.interval.min}..${r.interval.max},`,
    ),
    comment(`${r.count.attribute} ${r.count.min}..${r.count.max} (terraform-provider-azurerm kubernetes_nodepool.go).`),
    ...clampLines,
    block('linux_os_config', [
      block(
        'sysctl_config',
        FIELDS.map((f) => setting(r[f].attribute, values[f])),
      ),
    ]),
  ];
  return serializeHcl(lines);
}
