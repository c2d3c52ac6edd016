/**
 * The home page's own text around the configurator: plain HTML, never hydrated (the export's one
 * script is the configurator's island, components/island.tsx).
 */
export function HomeIntro() {
  return (
    <>
      <header className="mx-auto max-w-[1600px] px-4 pt-4 pb-2 sm:px-6">
        <h1 className="text-sm font-semibold tracking-wide text-teal-700 dark:text-teal-400">keepalive-config</h1>
        <p className="max-w-3xl text-sm text-slate-600 dark:text-slate-400">
          Settings that keep idle connections alive through firewalls, NATs and load balancers, and notice a dead peer
          in a known time. Every state of this page is a link.
        </p>
      </header>
      <noscript>
        <p className="mx-auto max-w-[1600px] px-4 pb-3 text-sm text-amber-800 sm:px-6 dark:text-amber-300">
          Without JavaScript this page shows the default setup below, and each common setup opens its own page; other
          links with settings, and the inputs, need JavaScript. The command-line tool gives the same output for any
          query.
        </p>
      </noscript>
    </>
  );
}

export function HomeFooter() {
  return (
    <footer className="mx-auto max-w-[1600px] border-t border-slate-200 px-4 py-4 text-xs text-slate-600 sm:px-6 dark:border-slate-800 dark:text-slate-400">
      Numbers come from the kernel, OpenSSH, PostgreSQL, MariaDB, nginx and Elasticsearch sources and from measurements
      on Debian 12; middlebox timeouts show their source and how sure they are. Nothing on this page is sent anywhere.
    </footer>
  );
}
