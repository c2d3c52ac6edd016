// components/code/contrast.ts: the syntax colours pass WCAG AA (4.5:1) on the code block's background.
import githubDark from '@shikijs/themes/github-dark';
import githubLight from '@shikijs/themes/github-light';
import { describe, expect, it } from 'vitest';
import { CODE_BACKGROUND, contrast, readable, readableTheme } from '../../components/code/contrast';

describe('contrast', () => {
  // Reference pairs with ratios from the WCAG 2.x formula, worked by hand.
  it.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#ffffff', 1],
    ['#777777', '#ffffff', 4.48],
    ['#767676', '#ffffff', 4.54],
  ])('%s on %s is %d:1', (a, b, ratio) => {
    expect(contrast(a, b)).toBeCloseTo(ratio, 2);
    expect(contrast(b, a)).toBeCloseTo(ratio, 2);
  });

  it('refuses what is not #rrggbb', () => {
    expect(() => contrast('red', '#ffffff')).toThrow(/not a #rrggbb/);
  });
});

describe('readable', () => {
  it('keeps a colour that already passes', () => {
    expect(readable('#24292e', CODE_BACKGROUND.light)).toBe('#24292e');
  });
  it('darkens on a light background and lightens on a dark one, just past 4.5:1', () => {
    const dark = readable('#d73a49', CODE_BACKGROUND.light);
    const light = readable('#6a737d', CODE_BACKGROUND.dark);
    for (const [c, bg] of [
      [dark, CODE_BACKGROUND.light],
      [light, CODE_BACKGROUND.dark],
    ] as const) {
      expect(contrast(c, bg)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(c, bg)).toBeLessThan(5.2);
    }
    expect(contrast(dark, '#000000')).toBeLessThan(contrast('#d73a49', '#000000'));
    expect(contrast(light, '#ffffff')).toBeLessThan(contrast('#6a737d', '#ffffff'));
  });
});

// Every foreground of both themes, after adjustment, against the background it is drawn on.
for (const [scheme, theme] of [
  ['light', githubLight],
  ['dark', githubDark],
] as const) {
  it(`every ${scheme} token colour is at least 4.5:1 on the code background`, () => {
    const fixed = readableTheme(theme, CODE_BACKGROUND[scheme], `keepalive-${scheme}`);
    const rules = fixed.tokenColors ?? [];
    expect(rules.length).toBeGreaterThan(10);
    const failing = rules.flatMap((r) => {
      const fg = r.settings.foreground;
      if (fg === undefined) return [];
      const ratio = contrast(fg, r.settings.background ?? CODE_BACKGROUND[scheme]);
      return ratio >= 4.5 ? [] : [`${String(r.scope)}: ${fg} ${ratio.toFixed(2)}`];
    });
    expect(failing).toEqual([]);
    expect(contrast(fixed.colors?.['editor.foreground'] ?? '', CODE_BACKGROUND[scheme])).toBeGreaterThanOrEqual(4.5);
    expect(fixed.name).toBe(`keepalive-${scheme}`);
  });
}
