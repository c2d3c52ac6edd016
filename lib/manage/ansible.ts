/**
 * Ansible tasks: the kernel settings as ansible.posix.sysctl tasks (the `sysctl` snippet's keys,
 * values and file), each daemon file as a whole drop-in (copy), merged keys (community.general.ini_file)
 * or a marked block (blockinfile), then the check and reload the daemon needs. Every module is
 * idempotent: a second run reports no change and no reload.
 */
import type { Snippet } from '../types';
import { Literal, toYamlText, type YamlText } from '../render/yamlText';
import { varName, type Kernel, type ManagedFile, type Manual } from './files';

/** Module arguments are Jinja templates: a snippet's text must not open one. */
function literal(text: string): Literal {
  if (/\{[{%#]/.test(text)) throw new Error('a Jinja delimiter in a managed file');
  return new Literal(text);
}

/** ansible.posix.sysctl: value is a string option (ansible-doc ansible.posix.sysctl); reload runs sysctl -p FILE. */
function kernelTasks(k: Kernel): YamlText[] {
  return k.entries.map((e) => ({
    name: `keepalive-config: ${e.key}`,
    'ansible.posix.sysctl': { name: e.key, value: e.value, sysctl_file: k.path, reload: true, state: 'present' },
  }));
}

/** The result a reload waits for; files whose daemon needs none register nothing. */
const register = (f: ManagedFile): Record<string, YamlText> =>
  f.reload.kind === 'reload' ? { register: varName(f) } : {};

function fileTask(f: ManagedFile): YamlText {
  const [owner = 'root', group = 'root'] = f.owner.split(':');
  const base = { name: `keepalive-config: ${f.path}` };
  switch (f.kind) {
    case 'whole':
      return {
        ...base,
        'ansible.builtin.copy': { dest: f.path, content: literal(f.snippet.text), owner, group, mode: f.mode },
        ...register(f),
      };
    case 'ini':
      // One task per file; `create: false`: the daemon's own file must already exist.
      return {
        ...base,
        'community.general.ini_file': {
          path: f.path,
          ...(f.entries[0]?.section === undefined ? {} : { section: f.entries[0].section }),
          option: '{{ item.option }}',
          value: '{{ item.value }}',
          create: false,
        },
        loop: f.entries.map((e) => ({ option: e.key, value: e.value })),
        loop_control: { label: '{{ item.option }}' },
        ...register(f),
      };
    case 'block':
      return {
        ...base,
        'ansible.builtin.blockinfile': {
          path: f.path,
          marker: '# {mark} keepalive-config',
          block: literal(f.snippet.text),
          create: false,
        },
        ...register(f),
      };
    default:
      return f satisfies never;
  }
}

/** The check (changed_when false: it only reads) and the reload, only after this file changed. */
function reloadTasks(f: ManagedFile): YamlText[] {
  const r = f.reload;
  if (r.kind !== 'reload') return [];
  const when = `${varName(f)} is changed`;
  const tags = ['keepalive-reload'];
  return [
    ...(r.check
      ? [
          {
            name: `keepalive-config: check the ${r.unit} configuration`,
            'ansible.builtin.command': { argv: [...r.check] },
            changed_when: false,
            when,
            tags,
          },
        ]
      : []),
    {
      name: `keepalive-config: reload ${r.unit}`,
      'ansible.builtin.service': { name: r.unit, state: 'reloaded' },
      when,
      tags,
    },
  ];
}

/** Comment lines and the task list. */
export function ansibleBody(
  kernel: Kernel | undefined,
  files: readonly ManagedFile[],
  left: readonly Snippet[],
  manual: readonly Manual[] = [],
): string[] {
  const sections = files.some((f) => f.kind === 'ini') ? ' and community.general (ini_file)' : '';
  const notes = [
    'Tasks for tasks/main.yml of a role, or tasks: of a play run as root (become: true). Running them twice',
    'changes nothing. Checks and reloads are tagged keepalive-reload (--skip-tags keepalive-reload leaves the',
    `daemons alone). Needs the collections ansible.posix (sysctl)${sections}.`,
    ...files.flatMap((f) =>
      f.reload.kind === 'restart'
        ? [`After a change, restart ${f.reload.unit} (${f.reload.why}); these tasks do not.`]
        : [],
    ),
    ...(files.some((f) => f.reload.kind === 'reload' && f.reload.unit === 'ssh')
      ? ['The sshd unit is ssh on Debian and Ubuntu (sshd on RHEL and Fedora).']
      : []),
    ...manual.map((m) => `Not managed: ${m.why}.`),
    `Not host files, so left out: ${left.map((s) => s.id).join(', ')}.`,
  ];
  const tasks: YamlText[] = [
    ...(kernel ? kernelTasks(kernel) : []),
    ...files.flatMap((f) => [fileTask(f), ...reloadTasks(f)]),
  ];
  return [...notes.map((n) => `# ${n}`), ...(tasks.length > 0 ? toYamlText(tasks) : ['[]'])];
}
