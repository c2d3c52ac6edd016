// Types of scripts/island.mjs for the TypeScript tests.
export function islandPage(html: string, srcs: readonly string[]): string;
export function pruneFramework(out: string): string[];
