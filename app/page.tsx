import { ConfiguratorIsland } from '@/components/ConfiguratorIsland';
import { HomeFooter, HomeIntro } from '@/components/HomeText';

const DEFAULT_QUERY = 'v=1';

/**
 * The server shell of the home page. At build time the configurator renders the default state in
 * full, so the exported HTML holds the default output even with JavaScript off; the page's flight
 * data carries only the query it starts from (components/Configurator.tsx).
 */
export default function Page() {
  return (
    <>
      <HomeIntro />
      <ConfiguratorIsland query={DEFAULT_QUERY} />
      <HomeFooter />
    </>
  );
}
