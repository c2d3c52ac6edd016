/**
 * The engine (zod, planner, renderers: components/model.ts) arrives in its own chunk once the page
 * is up; the first paint and hydration need none of it. Every user of it shares one load.
 */
type Model = typeof import('./model');

let engine: Promise<Model> | undefined;
let loaded: Model | undefined;

export function loadEngine(): Promise<Model> {
  engine ??= import('./model').then((m) => (loaded = m));
  return engine;
}

/** The engine if it has arrived, for work that should not wait a turn when it need not. */
export function loadedEngine(): Model | undefined {
  return loaded;
}
