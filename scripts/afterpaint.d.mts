// Types of scripts/afterpaint.mjs for the TypeScript tests.
export function loader(srcs: readonly string[]): string;
export function afterPaint(html: string): { html: string; srcs: string[] };
export const LCP_WAIT_MS: number;
