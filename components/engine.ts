/**
 * The engine (zod, planner, renderers: components/model.ts) arrives in its own chunk once the page
 * is up; the first paint and hydration need none of it. Every user of it shares one load.
 */
type Model = typeof import('./model');

let engine: Promise<Model> | undefined;

export function loadEngine(): Promise<Model> {
  engine ??= import('./model');
  return engine;
}
