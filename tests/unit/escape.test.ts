// Escaping (issue 17): every rejected key and value reaches the notice and stderr with each
// non-printing code point written as \uXXXX or \u{XXXXX}, by one function, losslessly.
import fc from 'fast-check';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Notice } from '../../components/Notice';
import { cli } from '../../lib/cli';
import { escapeText } from '../../lib/escape';
import { errorLine, parseQuery } from '../../lib/url';
import { hostileQuery } from './hostile/arbitraries';

/**
 * The categories the brief names, written with the long property names so the oracle does not share
 * the library's regex: controls, format, surrogates, private use, unassigned, separators but U+0020,
 * and the default-ignorable code points.
 */
const FORBIDDEN =
  /[\p{General_Category=Control}\p{General_Category=Format}\p{General_Category=Surrogate}\p{General_Category=Private_Use}\p{General_Category=Unassigned}\p{General_Category=Line_Separator}\p{General_Category=Paragraph_Separator}\p{Default_Ignorable_Code_Point}]|(?! )\p{General_Category=Space_Separator}/u;

const clean = (s: string) => !FORBIDDEN.test(s);

/** Undoes escapeText: \u{...} first, then JSON's own escapes. */
const unescape = (s: string): string =>
  JSON.parse(
    `"${s.replace(/\\\\|\\u\{([0-9a-f]+)\}/g, (m, hex: string | undefined) =>
      hex === undefined
        ? m
        : String.fromCodePoint(parseInt(hex, 16))
            .split('')
            .map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`)
            .join(''),
    )}"`,
  ) as string;

/** The text a browser shows for the notice: tags dropped, React's five entities decoded. */
const noticeText = (q: string) =>
  renderToStaticMarkup(createElement(Notice, { errors: parseQuery(q).errors, onDismiss: () => undefined }))
    .replace(/<[^>]*>/g, '')
    .replace(
      /&(lt|gt|quot|#x27|amp);/g,
      (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#x27': "'", amp: '&' })[e] ?? '',
    );

describe('escapeText', () => {
  it.each([
    ['\u061c', '\\u061c'],
    ['\u00ad', '\\u00ad'],
    ['\u2060\u2061\u2062\u2063\u2064', '\\u2060\\u2061\\u2062\\u2063\\u2064'],
    ['\u{e0001}\u{e0041}\u{e007f}', '\\u{e0001}\\u{e0041}\\u{e007f}'],
    ['\u202e\u2066\u200f', '\\u202e\\u2066\\u200f'],
    ['\u2028\u2029\u0085', '\\u2028\\u2029\\u0085'],
    ['\u00a0\u3000\u2009\u1680', '\\u00a0\\u3000\\u2009\\u1680'],
    ['\ufeff\u200b\u180e', '\\ufeff\\u200b\\u180e'],
    ['\u3164\u115f\ufe0f', '\\u3164\\u115f\\ufe0f'],
    ['\ue000\u{f0000}', '\\ue000\\u{f0000}'],
    ['\u0378\u{10ffff}', '\\u0378\\u{10ffff}'],
    ['\ud800', '\\ud800'],
    ['\u007f\u009b', '\\u007f\\u009b'],
    ['\n\r\t\0', '\\n\\r\\t\\u0000'],
    ['"\\', '\\"\\\\'],
    ['a b', 'a b'],
    ['é ß Ω 🙂 ×', 'é ß Ω 🙂 ×'],
  ])('%j reads %s', (raw, shown) => {
    expect(escapeText(raw)).toBe(shown);
  });

  it('leaves no code point of those categories and loses nothing (5000 strings)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.string({ unit: 'grapheme' }),
          fc.string({ unit: fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) }),
        ),
        (s) => {
          const e = escapeText(s);
          expect(clean(e), JSON.stringify(e)).toBe(true);
          expect(unescape(e)).toBe(s);
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('the notice and stderr show the same escaped text', () => {
  it.each([
    ['a key with U+061C', '%D8%9Cx=1', '\\u061cx'],
    ['a value with a soft hyphen', 'dbhost=db%C2%ADhost', 'db\\u00adhost'],
    ['a value with word joiners', 'host=a%E2%81%A0b%E2%81%A4', 'a\\u2060b\\u2064'],
    ['a value with tag characters', 'target=ssh%F3%A0%81%81', 'ssh\\u{e0041}'],
    ['a key with a bidi override', '%E2%80%AEkey=1', '\\u202ekey'],
    ['a value with a line separator', 'idle=300%E2%80%A8', '300\\u2028'],
  ])('%s', (_, q, shown) => {
    const notice = noticeText(q);
    expect(notice).toContain(shown);
    expect(clean(notice)).toBe(true);
    const errors = parseQuery(q).errors;
    // The stderr line is errorLine(e) (lib/url.ts); the notice shows the same field and value.
    expect(errors.map(errorLine).join('\n')).toContain(shown);
    for (const e of errors) expect(notice).toContain(e.value === '' ? e.field : `${e.field} = ${e.value}`);
    const out = cli([q]);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(errors.map((e) => `${errorLine(e)}\n`).join(''));
    expect(out.stderr).toContain(shown);
    expect(clean(out.stderr.replace(/\n/g, ''))).toBe(true);
  });

  it('every notice and every stderr line of a hostile query is free of those code points (1500 queries)', () => {
    fc.assert(
      fc.property(hostileQuery, (q) => {
        const { errors } = parseQuery(q);
        expect(clean(noticeText(q))).toBe(true);
        for (const e of errors) expect(clean(errorLine(e)), JSON.stringify(errorLine(e))).toBe(true);
        const lines = cli([q]).stderr.replace(/\n$/, '').split('\n');
        for (const line of lines) expect(clean(line), JSON.stringify(line)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  }, 60_000);

  it('errorLine prints field, quoted value and message on one line', () => {
    const [e] = parseQuery('host=a%0a%22b').errors;
    expect(e && errorLine(e)).toBe(`host: "a\\n\\"b" ${e?.message}`);
  });
});
