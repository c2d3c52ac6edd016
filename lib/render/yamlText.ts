/**
 * Whole files inside YAML (Ansible `content:`, cloud-init `write_files`): the `toYaml` emitter for
 * every key and scalar, plus literal block scalars (`|`) for multi-line text, so a config file reads
 * as itself. A literal holds only lines our serializers produced; anything YAML would read as a line
 * break or a control character is refused, so no text can end its block early.
 */
import { toYaml, type Yaml } from './yaml';

/** A multi-line text to emit as a literal block scalar. */
export class Literal {
  constructor(readonly text: string) {}
}

export type YamlText = string | number | boolean | Literal | readonly YamlText[] | { readonly [key: string]: YamlText };

/** Line breaks other than \n (YAML 1.1 readers also break on NEL, LS, PS) and control characters except tab. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

function hasLiteral(v: YamlText): boolean {
  if (v instanceof Literal) return true;
  if (Array.isArray(v)) return (v as readonly YamlText[]).some(hasLiteral);
  if (typeof v === 'object') return Object.values(v).some(hasLiteral);
  return false;
}

/** `|`, `|-` or `|+` by the text's final newlines, then the lines one level deeper. */
function literalLines(text: string, indent: number): { indicator: string; lines: string[] } {
  if (UNSAFE.test(text))
    throw new Error(`unsafe character in a literal block: ${JSON.stringify(text.match(UNSAFE)?.[0])}`);
  const body = text.replace(/\n+$/, '');
  const trailing = text.length - body.length;
  const lines = body.split('\n');
  // A first line that starts with a space would need an indentation indicator: our files never do.
  if (/^[ \t]/.test(lines[0] ?? '')) throw new Error('a literal block may not start with whitespace');
  const pad = '  '.repeat(indent);
  return {
    indicator: trailing === 1 ? '|' : trailing === 0 ? '|-' : '|+',
    lines: [...lines, ...Array<string>(Math.max(0, trailing - 1)).fill('')].map((l) => (l === '' ? '' : pad + l)),
  };
}

/** Emits `value` as block YAML lines; parts without a Literal go through `toYaml` unchanged. */
export function toYamlText(value: YamlText, indent = 0): string[] {
  if (!hasLiteral(value)) return toYaml(value as Yaml, indent);
  if (value instanceof Literal) throw new Error('a literal block needs a key');
  const pad = '  '.repeat(indent);
  const out: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value as readonly YamlText[]) {
      const [first, ...rest] = toYamlText(item, indent + 1);
      out.push(`${pad}- ${(first ?? '').trimStart()}`, ...rest);
    }
    return out;
  }
  for (const [key, v] of Object.entries(value as { readonly [key: string]: YamlText })) {
    // toYaml checks the key; its `key: 0` line without the value is the head of this entry.
    const head = (toYaml({ [key]: 0 }, indent)[0] ?? '').replace(/ 0$/, '');
    if (v instanceof Literal) {
      const { indicator, lines } = literalLines(v.text, indent + 1);
      out.push(`${head} ${indicator}`, ...lines);
    } else if (hasLiteral(v)) out.push(head, ...toYamlText(v, indent + 1));
    else out.push(...toYaml({ [key]: v as Yaml }, indent));
  }
  return out;
}
