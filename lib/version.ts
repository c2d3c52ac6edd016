/**
 * Dotted versions (OpenSSH 9.2, nginx 1.29.7): the type and its comparison, free of the codec (and of
 * zod), so the targets and the timeline compare versions without loading the query parsers.
 */

/** A dotted version such as 9.2 or 1.29.7, compared numerically part by part. */
export type Version = readonly number[];

/** Compares dotted versions part by part; a missing part counts as 0. */
export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
