// Types of scripts/csp.mjs for the TypeScript tests.
export function inlineScriptHashes(html: string): string[];
export function policy(hashes: readonly string[], options?: { header?: boolean }): string;
export function injectMeta(html: string): { html: string; hashes: string[] };
export function headersFile(template: string, hashes: readonly string[]): string;
