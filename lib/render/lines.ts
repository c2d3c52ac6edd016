/**
 * A small line model for configuration files: renderers build typed lines, one serializer per
 * syntax does the quoting and indentation. Values are numbers, booleans or strings that passed a
 * grammar; a serializer refuses anything that could break out of its position.
 */

export type Value = string | number;

export type Line =
  | { readonly kind: 'comment'; readonly text: string }
  | { readonly kind: 'setting'; readonly key: string; readonly value: Value }
  | { readonly kind: 'blank' }
  | { readonly kind: 'block'; readonly head: string; readonly body: readonly Line[] };

export const comment = (text: string): Line => ({ kind: 'comment', text });
export const setting = (key: string, value: Value): Line => ({ kind: 'setting', key, value });
export const blank: Line = { kind: 'blank' };
export const block = (head: string, body: readonly Line[]): Line => ({ kind: 'block', head, body });

/** Keys and block heads: letters, digits, `_ . - * ? ! / :` and single spaces (ssh Host patterns, `location /`). */
const SAFE_KEY = /^[A-Za-z0-9_.*?!/-][A-Za-z0-9_.*?!/:-]*( [A-Za-z0-9_.*?!/:-]+)*$/;
/** Values that can stand unquoted in every syntax here. */
const SAFE_VALUE = /^[A-Za-z0-9_.:/*?![\]-]+( [A-Za-z0-9_.:/*?![\]=-]+| "")*$/;

/** Throws on text that could end a line or a block: a programming error, never user input (it passed a grammar). */
export function assertSafe(text: string, what: 'key' | 'value'): string {
  const ok = what === 'key' ? SAFE_KEY.test(text) : SAFE_VALUE.test(text);
  if (!ok) throw new Error(`unsafe ${what} for a configuration line: ${JSON.stringify(text)}`);
  return text;
}

/** Comment text may not contain a line break: it would start a line the plan did not choose. */
export function assertComment(text: string): string {
  if (/[\r\n\u2028\u2029\u0085\f\v]/.test(text)) throw new Error(`line break in a comment: ${JSON.stringify(text)}`);
  return text;
}

export interface Syntax {
  readonly comment: string;
  readonly setting: (key: string, value: string) => string;
  readonly open: (head: string) => string;
  readonly close: string | undefined;
  readonly indent: string;
}

/** Serializes lines in one syntax. */
export function serialize(lines: readonly Line[], syntax: Syntax, depth = 0): string[] {
  const pad = syntax.indent.repeat(depth);
  const out: string[] = [];
  for (const line of lines) {
    switch (line.kind) {
      case 'comment':
        out.push(`${pad}${syntax.comment}${line.text ? ' ' : ''}${assertComment(line.text)}`);
        break;
      case 'setting':
        out.push(pad + syntax.setting(assertSafe(line.key, 'key'), assertSafe(String(line.value), 'value')));
        break;
      case 'blank':
        out.push('');
        break;
      case 'block':
        out.push(pad + syntax.open(assertSafe(line.head, 'key')));
        out.push(...serialize(line.body, syntax, depth + 1));
        if (syntax.close !== undefined) out.push(pad + syntax.close);
        break;
      default:
        line satisfies never;
    }
  }
  return out;
}

/** `key = value`, `[section]` blocks without indentation: sysctl.d, postgresql.conf, my.cnf, pgbouncer.ini. */
export const KEY_EQUALS: Syntax = {
  comment: '#',
  setting: (k, v) => `${k} = ${v}`,
  open: (h) => `[${h}]`,
  close: undefined,
  indent: '',
};
/** `Keyword value`, `Host pattern` blocks indented by four spaces: ssh_config, sshd_config. */
export const SSH: Syntax = {
  comment: '#',
  setting: (k, v) => `${k} ${v}`,
  open: (h) => h,
  close: undefined,
  indent: '    ',
};
/** `directive args;` and `name args { ... }`: nginx.conf. */
export const NGINX: Syntax = {
  comment: '#',
  setting: (k, v) => `${k} ${v};`,
  open: (h) => `${h} {`,
  close: '}',
  indent: '    ',
};
