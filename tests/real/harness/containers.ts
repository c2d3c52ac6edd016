/** Structure checks for the container snippets (FACTS.md section 1: sysctls are per network namespace). */
import { parse } from 'yaml';

export type SysctlMap = ReadonlyMap<string, string>;

/** `key = value` lines of a sysctl.d file, comments skipped. */
export function parseSysctlFile(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const m = /^-?([\w./-]+)\s*=\s*(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) out.set(m[1].replaceAll('/', '.'), m[2].trim());
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Each YAML document's pod spec: Pod `spec`, workload `spec.template.spec`, or a bare spec fragment. */
function podSpecs(doc: unknown): Record<string, unknown>[] {
  if (!isRecord(doc)) return [];
  const spec = doc.spec;
  if (isRecord(spec) && isRecord(spec.template) && isRecord(spec.template.spec)) return [spec.template.spec];
  if (isRecord(spec)) return [spec];
  if (isRecord(doc.securityContext)) return [doc];
  return [];
}

/** pod spec.securityContext.sysctls: [{name, value}] with string values; returns errors and the map. */
export function kubernetesSysctls(text: string): { errors: string[]; sysctls: Map<string, string> } {
  const errors: string[] = [];
  const sysctls = new Map<string, string>();
  const docs = text
    .split(/^---$/m)
    .map((d) => parse(d) as unknown)
    .filter((d) => d !== null && d !== undefined);
  const specs = docs.flatMap(podSpecs);
  if (specs.length === 0) errors.push('no pod spec found');
  for (const spec of specs) {
    const sc = spec.securityContext;
    const list = isRecord(sc) ? sc.sysctls : undefined;
    if (!Array.isArray(list)) {
      errors.push('spec.securityContext.sysctls is not a list');
      continue;
    }
    if (spec.hostNetwork === true) errors.push('sysctls are not allowed with hostNetwork');
    for (const item of list as unknown[]) {
      if (!isRecord(item) || typeof item.name !== 'string') errors.push(`bad sysctl entry ${JSON.stringify(item)}`);
      else if (typeof item.value !== 'string')
        errors.push(`${item.name}: value must be a string, got ${typeof item.value}`);
      else sysctls.set(item.name, item.value);
    }
  }
  return { errors, sysctls };
}

/** compose `services.<name>.sysctls` as a map or a `key=value` list. */
export function composeSysctls(text: string): { errors: string[]; sysctls: Map<string, string> } {
  const errors: string[] = [];
  const sysctls = new Map<string, string>();
  const doc = parse(text) as unknown;
  const services = isRecord(doc) ? doc.services : undefined;
  if (!isRecord(services) || Object.keys(services).length === 0) return { errors: ['no services map'], sysctls };
  for (const [name, svc] of Object.entries(services)) {
    const s = isRecord(svc) ? svc.sysctls : undefined;
    if (isRecord(svc) && svc.network_mode === 'host')
      errors.push(`${name}: sysctls do not work with network_mode: host`);
    if (Array.isArray(s)) {
      for (const item of s as unknown[]) {
        const m = typeof item === 'string' ? /^([^=]+)=(.*)$/.exec(item) : null;
        if (m?.[1] && m[2] !== undefined) sysctls.set(m[1], m[2]);
        else errors.push(`${name}: bad sysctls entry ${JSON.stringify(item)}`);
      }
    } else if (isRecord(s)) {
      for (const [k, v] of Object.entries(s)) {
        if (typeof v === 'string' || typeof v === 'number') sysctls.set(k, String(v));
        else errors.push(`${name}: ${k} has a non-scalar value`);
      }
    } else errors.push(`${name}: no sysctls`);
  }
  return { errors, sysctls };
}

/** `--sysctl key=value` arguments of a docker run command line. */
export function dockerSysctls(text: string): { errors: string[]; sysctls: Map<string, string> } {
  const sysctls = new Map<string, string>();
  const errors: string[] = [];
  const body = text
    .split('\n')
    .filter((l) => !l.trim().startsWith('#'))
    .join(' ')
    .replace(/\\\s+/g, ' ');
  for (const m of body.matchAll(/--sysctl[=\s]+(\S+?)=(\S+)/g))
    if (m[1] && m[2]) sysctls.set(m[1], m[2].replace(/^["']|["']$/g, ''));
  if (/--net(work)?[=\s]+host\b/.test(body)) errors.push('--sysctl net.* is refused with --network=host');
  if (sysctls.size === 0) errors.push('no --sysctl arguments');
  return { errors, sysctls };
}
