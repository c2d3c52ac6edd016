// The engine's costs printed as JSON, for engineCostsShipped (./engine-shipped.ts), which bundles this file.
import { engineCosts } from './engine';

process.stdout.write(JSON.stringify(engineCosts()));
