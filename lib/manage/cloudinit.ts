/**
 * cloud-init user data: write_files for the sysctl.d file and each daemon file (whole drop-ins
 * written as they are, merged files appended to), then runcmd applying the kernel values and
 * reloading the daemons. Keys from cloud-init's write_files and runcmd modules (cc_write_files.py,
 * cc_runcmd.py; Debian 12's cloud-init 22.4 checks them with `cloud-init schema`).
 */
import { KEY_EQUALS, assertComment, comment, serialize, setting } from '../render/lines';
import { headerLines } from '../render/snippet';
import { Literal, toYamlText, type YamlText } from '../render/yamlText';
import type { Plan, Snippet } from '../types';
import type { Kernel, ManagedFile, Manual } from './files';

/**
 * What is appended to a merged file: a blank line first (the file may not end in a newline), the
 * snippet's header as comments, and its keys without any section head.
 */
function appended(plan: Plan, f: Extract<ManagedFile, { kind: 'ini' | 'block' }>): string {
  if (f.kind === 'block') return `\n${f.snippet.text}`;
  const lines = [
    ...headerLines(plan, f.snippet.title, undefined).map(comment),
    comment(`${f.appendNote}.`),
    ...f.entries.map((e) => setting(e.key, e.value)),
  ];
  return `\n${serialize(lines, KEY_EQUALS).join('\n')}\n`;
}

/**
 * Daemon files wait for the final stage (`defer: true`), after the packages are installed: written
 * earlier they would be replaced by the package's own file, or stop it from creating its directory.
 */
function fileEntry(plan: Plan, f: ManagedFile): YamlText {
  const content = f.kind === 'whole' ? f.snippet.text : appended(plan, f);
  return {
    path: f.path,
    content: new Literal(content),
    owner: f.owner,
    permissions: f.mode,
    ...(f.kind === 'whole' ? {} : { append: true }),
    defer: true,
  };
}

/** The shell line that makes a daemon read its new file; try-*: nothing happens when it is not running. */
function reloadCommand(f: ManagedFile): string | undefined {
  const r = f.reload;
  switch (r.kind) {
    case 'reload':
      return [...(r.check ? [`${r.check.join(' ')} &&`] : []), `systemctl try-reload-or-restart ${r.unit}`].join(' ');
    case 'restart':
      // At first boot nothing depends on the daemon yet, so a restart costs nothing.
      return `systemctl try-restart ${r.unit}`;
    case 'none':
      return undefined;
    default:
      return r satisfies never;
  }
}

/** The whole user data: `#cloud-config` must be its first line. */
export function cloudInitText(
  plan: Plan,
  title: string,
  worst: Parameters<typeof headerLines>[2],
  kernel: Kernel | undefined,
  files: readonly ManagedFile[],
  left: readonly Snippet[],
  manual: readonly Manual[] = [],
): string {
  const notes = plan.infeasible
    ? [`No values satisfy every constraint, so there is nothing to roll out: ${plan.infeasible.message}`]
    : [
        'Runs once, at the first boot of an instance. Whole drop-in files are written as they are; merged files are',
        'appended to (postgresql.conf and pgbouncer.ini: a later key wins; elasticsearch.yml must not set these keys yet).',
        ...manual.map((m) => `Not managed: ${m.why}.`),
        `Not host files, so left out: ${left.map((s) => s.id).join(', ')}.`,
      ];
  const writeFiles: YamlText[] = [
    ...(kernel
      ? [{ path: kernel.path, content: new Literal(kernel.snippet.text), owner: 'root:root', permissions: '0644' }]
      : []),
    ...files.map((f) => fileEntry(plan, f)),
  ];
  // sysctl --system reads every sysctl.d file (sysctl(8)): the boot's own pass ran before write_files.
  const runcmd = [
    ...(kernel ? ['sysctl --system'] : []),
    ...files.map(reloadCommand).filter((c): c is string => c !== undefined),
  ];
  const data = {
    ...(writeFiles.length > 0 ? { write_files: writeFiles } : {}),
    ...(runcmd.length > 0 ? { runcmd } : {}),
  };
  const body = Object.keys(data).length > 0 ? toYamlText(data) : ['{}'];
  const header = headerLines(plan, title, worst).map((t) => `# ${assertComment(t)}`);
  return ['#cloud-config', ...header, '', ...notes.map((n) => `# ${n}`), ...body].join('\n') + '\n';
}
