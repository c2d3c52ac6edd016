/**
 * HCL (Terraform) from the line model: `name {` blocks indented by two spaces, `key = value`
 * attributes with the equals signs of consecutive attributes aligned the way `terraform fmt` does.
 * Numbers print as they are; strings are double-quoted with JSON escapes and may not start an
 * interpolation (`${`, `%{`), so no value can reach outside its attribute.
 */
import { assertComment, assertSafe, type Line, type Value } from './lines';

/** Attribute names and block heads: HCL identifiers (letters, digits, `_` and `-`, not first a digit). */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not an HCL identifier: ${JSON.stringify(name)}`);
  return name;
}

function value(v: Value): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return String(v);
  }
  if (/[$%]\{/.test(v)) throw new Error(`an interpolation in an HCL string: ${JSON.stringify(v)}`);
  return JSON.stringify(assertSafe(v, 'value'));
}

/** Serializes lines as HCL. */
export function serializeHcl(lines: readonly Line[], depth = 0): string[] {
  const pad = '  '.repeat(depth);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    switch (line.kind) {
      case 'comment':
        out.push(`${pad}#${line.text ? ' ' : ''}${assertComment(line.text)}`);
        break;
      case 'blank':
        out.push('');
        break;
      case 'block':
        out.push(`${pad}${identifier(line.head)} {`, ...serializeHcl(line.body, depth + 1), `${pad}}`);
        break;
      case 'setting': {
        // terraform fmt aligns the `=` of a run of consecutive attributes.
        let end = i;
        while (lines[end + 1]?.kind === 'setting') end++;
        const run = lines.slice(i, end + 1) as Extract<Line, { kind: 'setting' }>[];
        const width = Math.max(...run.map((s) => identifier(s.key).length));
        for (const s of run) out.push(`${pad}${s.key.padEnd(width)} = ${value(s.value)}`);
        i = end;
        break;
      }
      default:
        line satisfies never;
    }
  }
  return out;
}
