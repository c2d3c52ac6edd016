/**
 * The two themes the highlighter loads: light by default, dark through a CSS variable per token. They are
 * GitHub's light and dark themes with their token colours made readable on the code block's background
 * (components/code/contrast.ts), under names of their own.
 */
export const THEMES = { light: 'keepalive-light', dark: 'keepalive-dark' } as const;
