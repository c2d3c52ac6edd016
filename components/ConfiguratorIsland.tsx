import { Configurator } from './Configurator';
import { ISLAND_ID } from './islandId';

/**
 * The configurator as the static export's one interactive region: its HTML is rendered at build
 * from `query`, and components/island.tsx hydrates this element, and nothing else of the page,
 * from the same query (`data-query`). A server component: its wrapper is plain HTML.
 */
export function ConfiguratorIsland(props: { query: string }) {
  return (
    <div id={ISLAND_ID} data-query={props.query}>
      <Configurator query={props.query} />
    </div>
  );
}
