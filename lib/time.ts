/** Seconds <-> human durations. Pure and deterministic. */

/** The seconds in each unit, named once: the formatter, the parser and the page's unit selects read them. */
export const SECONDS_IN = { d: 86400, h: 3600, min: 60, s: 1 } as const;

const UNITS = [
  ['d', SECONDS_IN.d],
  ['h', SECONDS_IN.h],
  ['min', SECONDS_IN.min],
  ['s', SECONDS_IN.s],
] as const;

/**
 * "2 h 11 min 15 s" for 7875; fractions of a second are kept to one decimal ("924.6 s").
 * @param seconds a finite, non-negative number
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'never';
  if (seconds === 0) return '0 s';
  let rest = Math.round(seconds * 10) / 10;
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    if (size === 1) {
      if (rest > 0) parts.push(`${Number.isInteger(rest) ? rest : rest.toFixed(1)} s`);
    } else if (rest >= size) {
      const n = Math.floor(rest / size);
      parts.push(`${n} ${unit}`);
      rest = Math.round((rest - n * size) * 10) / 10;
    }
  }
  return parts.join(' ');
}

/**
 * The longest timeout the engine takes, for the path, a goal or a box's configured idle timeout: 7 days
 * (604800 s), beyond every box's documented default in lib/middleboxes.ts.
 */
export const MAX_TIMEOUT_SECONDS = 604800;

/**
 * The duration grammar of the query's `idle` and `goal`, written once (the README's query table
 * quotes it): seconds as digits, or groups of digits each followed by a unit, d (86400 s), h (3600 s),
 * m (60 s), s, largest unit first, each unit at most once. Lower case, nothing else: no spaces,
 * signs, fractions or other unit names. The query a parse writes back is always seconds.
 */
export const DURATION_GRAMMAR =
  'seconds, or digits with the units d, h, m, s, largest first, each once, no spaces (90s, 5m, 1h30m, 2d)';

/** At most 9 digits a group, so the sum stays an exact integer (10^9 x 90061 s < 2^53). */
const DURATION = /^(?:(\d{1,9})d)?(?:(\d{1,9})h)?(?:(\d{1,9})m)?(?:(\d{1,9})s)?$/;
const SIZES = [SECONDS_IN.d, SECONDS_IN.h, SECONDS_IN.min, SECONDS_IN.s] as const;

/**
 * Parses a duration of DURATION_GRAMMAR: "300", "90s", "5m", "1h30m", "2d".
 * Returns whole seconds, or undefined when the text is not exactly such a duration.
 */
export function parseDuration(text: string): number | undefined {
  if (/^\d{1,9}$/.test(text)) return Number(text);
  const m = DURATION.exec(text);
  if (!m || text === '') return undefined;
  return SIZES.reduce((sum, size, i) => sum + Number(m[i + 1] ?? 0) * size, 0);
}
