/**
 * Syntax colours that pass WCAG 2.x AA for normal text (contrast ratio at least 4.5:1, success criterion
 * 1.4.3) against the code block's own background. The stock themes were drawn for another background and
 * miss it by a little (#d73a49 on slate-50 is 4.37:1) or a lot (the dark theme's comments, #6a737d on
 * slate-900, 3.5:1): each failing colour is moved towards black (light) or white (dark) just far enough.
 * Pure functions, no DOM: the unit tests check every colour of both themes.
 */

/** The code block's background in each scheme: Tailwind's slate-50 and slate-900 (components/code/CodeBlock.tsx). */
export const CODE_BACKGROUND = { light: '#f8fafc', dark: '#0f172a' } as const;

/** WCAG 1.4.3 asks 4.5:1; a little more, so that rounding in a checker never tips a colour under. */
export const MIN_CONTRAST = 4.6;

type Rgb = readonly [number, number, number];

function parse(hex: string): { rgb: Rgb; alpha: string } | undefined {
  const m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(hex);
  if (!m || m[1] === undefined) return undefined;
  const n = Number.parseInt(m[1], 16);
  return { rgb: [(n >> 16) & 255, (n >> 8) & 255, n & 255], alpha: m[2] ?? '' };
}

function hex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** Relative luminance, WCAG 2.x definition (sRGB, 0.03928 threshold). */
function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as unknown as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two opaque #rrggbb colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) throw new Error(`not a #rrggbb colour: ${x ? b : a}`);
  const [hi, lo] = [luminance(x.rgb), luminance(y.rgb)].sort((p, q) => q - p) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * `color` itself when it is readable on `background`, else the nearest mix of it with black (on a light
 * background) or white (on a dark one) that is, in 1 % steps. Keeps an alpha suffix; leaves anything
 * that is not #rrggbb alone.
 */
export function readable(color: string, background: string, min = MIN_CONTRAST): string {
  const c = parse(color);
  const bg = parse(background);
  if (!c || !bg || c.alpha !== '') return color;
  const towards = luminance(bg.rgb) > 0.18 ? 0 : 255;
  for (let step = 0; step <= 100; step++) {
    const mixed = c.rgb.map((v) => v + ((towards - v) * step) / 100) as unknown as Rgb;
    if (contrast(hex(mixed), background) >= min) return step === 0 ? color : hex(mixed);
  }
  return hex([towards, towards, towards]);
}

interface ThemeRule {
  scope?: string | string[];
  settings: { foreground?: string; background?: string; fontStyle?: string };
}

/** The part of a shiki theme registration this module reads and writes. */
export interface ThemeLike {
  name?: string;
  colors?: Record<string, string>;
  tokenColors?: ThemeRule[];
}

/**
 * The theme with every token colour readable on `background` (a rule with its own background is judged
 * against that one), and the editor foreground too, under a new name.
 */
export function readableTheme<T extends ThemeLike>(theme: T, background: string, name: string): T {
  const colors: Record<string, string> = { ...theme.colors, 'editor.background': background };
  const fg = colors['editor.foreground'];
  if (fg !== undefined) colors['editor.foreground'] = readable(fg, background);
  const tokenColors = theme.tokenColors?.map((rule) => {
    const { foreground, background: own } = rule.settings;
    if (foreground === undefined) return rule;
    return { ...rule, settings: { ...rule.settings, foreground: readable(foreground, own ?? background) } };
  });
  return { ...theme, name, colors, tokenColors };
}
