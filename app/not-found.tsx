/**
 * The export's 404.html. Next's built-in one styles itself with style attributes and an inline
 * <style>, which the page's Content-Security-Policy (style-src 'self', scripts/csp.mjs) blocks:
 * this one uses the site's stylesheet only.
 */
export default function NotFound() {
  return (
    <main className="mx-auto max-w-[1600px] px-4 py-16 sm:px-6">
      <p className="text-sm font-semibold tracking-wide text-teal-700 dark:text-teal-400">keepalive-config</p>
      <h1 className="mt-2 text-2xl font-semibold">This page does not exist</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        The configurator is at{' '}
        <a href="/" className="text-teal-800 underline dark:text-teal-300">
          the start page
        </a>
        ; a link with settings keeps them in its query.
      </p>
    </main>
  );
}
