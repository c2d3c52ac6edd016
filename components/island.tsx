/**
 * The page's script in the static export: it hydrates the configurator, and only it, as a React root
 * of its own. scripts/island.mjs bundles this file (with React DOM, the engine and the components;
 * the highlighter, the runbook and the config-management renderers stay chunks loaded on demand)
 * and scripts/afterpaint.mjs loads it once the page has painted.
 *
 * Why not the framework's own start-up: the export is static pages with one interactive region.
 * Everything else in them (the header, the footer, the preset pages' text) never changes, and
 * nothing navigates on the client: the preset links load in place through the configurator, and
 * every other link is a full page. The framework's client router, its flight data and its chunk
 * loader took the first load's gzip JavaScript from 129.1 to 203.1 KiB (and the flight data a few KB
 * of every page's HTML), spent on hydrating text that needs none. Without them the page's whole first load is React DOM and
 * this island. `next dev` still runs the framework's client as usual.
 */
import { hydrateRoot } from 'react-dom/client';
import { Configurator } from './Configurator';
import { ISLAND_ID } from './islandId';

const root = document.getElementById(ISLAND_ID);
// The query the build rendered the region from (components/ConfiguratorIsland.tsx): the first
// render here must be the same tree, so React can take over the HTML as it is.
if (root !== null) hydrateRoot(root, <Configurator query={root.dataset.query ?? ''} />);
