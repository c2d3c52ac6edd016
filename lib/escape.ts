/**
 * User text shown in a notice or on stderr stays one visible line that reads the same in every
 * terminal and browser: the one escape the codec applies to every rejected key and value.
 */

/**
 * Code points that print nothing, break the line or reorder it: controls (Cc), format characters
 * such as bidi and zero-width marks, the soft hyphen and the tag characters (Cf), lone surrogates
 * (Cs), private use (Co), unassigned (Cn), every separator but the space (Z: Zs, Zl, Zp), and the
 * default-ignorable code points that render as nothing (Hangul fillers, variation selectors).
 * Categories per the Unicode Character Database that the JavaScript engine ships.
 */
export const NON_PRINTING = /(?! )[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Z}\p{Default_Ignorable_Code_Point}]/gu;

const hex = (cp: number) => cp.toString(16).padStart(4, '0');

/**
 * JSON string escapes (`\"`, `\\`, `\n`, `\u0000`...) without the quotes, then `\uXXXX`, or
 * `\u{XXXXX}` above U+FFFF, for every code point of NON_PRINTING.
 */
export function escapeText(s: string): string {
  return JSON.stringify(s)
    .slice(1, -1)
    .replace(NON_PRINTING, (c) => {
      const cp = c.codePointAt(0) ?? 0;
      return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${hex(cp)}`;
    });
}

/** At most 60 UTF-16 units, cut to 57 and `...` beyond that; never between the halves of a surrogate pair. */
export function shorten(s: string): string {
  if (s.length <= 60) return s;
  const end = /[\uD800-\uDBFF]/.test(s.charAt(56)) ? 56 : 57;
  return `${s.slice(0, end)}...`;
}
