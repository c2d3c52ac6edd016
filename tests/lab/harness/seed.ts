/**
 * The seed of the lab's random phases (issue #11): KALAB_SEED if set, to replay a run, else from the
 * clock. Printed once per worker, and written into every row's note that used it.
 */
let seed: number | undefined;

export function labSeed(): number {
  if (seed === undefined) {
    const given = process.env.KALAB_SEED;
    if (given !== undefined && given !== '' && !/^\d{1,10}$/.test(given))
      throw new Error(`KALAB_SEED must be a whole number, got ${given}`);
    seed = given !== undefined && given !== '' ? Number(given) % 2 ** 32 : Date.now() % 2 ** 31;
    console.log(`[lab] KALAB_SEED=${seed} (set it to repeat these phases)`);
  }
  return seed;
}

/** mulberry32: a small deterministic generator of numbers in [0, 1). */
export function seededRandom(start: number): () => number {
  let a = start >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A number in [lo, hi] from the seed and a label, so each scenario's phase replays on its own. */
export function seededIn(label: string, lo: number, hi: number): number {
  let h = labSeed() >>> 0;
  for (const ch of label) h = Math.imul(h ^ ch.charCodeAt(0), 0x9e3779b1) >>> 0;
  return lo + seededRandom(h)() * (hi - lo);
}
