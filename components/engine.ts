/**
 * The engine's module (components/model.ts) for code that only needs it on demand (the runbook,
 * made when copied or downloaded). The configurator imports the module itself, so this resolves
 * without a request; every user shares one promise.
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
