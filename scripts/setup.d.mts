// Types of scripts/setup.mjs for the TypeScript tests.
export const NODE_MIN_MAJOR: number;
export const DPKG_FORMAT: string;
export function parsePackageList(text: string): string[];
export function missingPackages(wanted: readonly string[], dpkgOutput: string): string[];
export function nodeProblem(version: string): string | null;
export function missingModules(
  packageJson: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> },
  hasModule: (name: string) => boolean,
): string[];
export function modulesProblem(missing: readonly string[]): string | null;
export function rootProblem(uid: number): string | null;
export type PackagesDecision = { kind: 'ok' } | { kind: 'install'; line: string } | { kind: 'stop'; line: string };
export function packagesDecision(facts: { missing: readonly string[]; isRoot: boolean; isDebian: boolean; hasApt: boolean }): PackagesDecision;
export function aptCommands(missing: readonly string[]): string[][];
