// What the post-build steps (scripts/afterpaint.mjs, scripts/csp.mjs) share: the export's pages,
// and running as a command with a one-line error and exit code 1.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every .html file under dir, depth first. */
export function htmlFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return htmlFiles(path);
    return e.isFile() && e.name.endsWith('.html') ? [path] : [];
  });
}

/** Runs main(argv) (or awaits it, when it returns a promise) when the module at `moduleUrl` is the command being run, not an import. */
export function command(moduleUrl, name, main) {
  if (!process.argv[1] || resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  const fail = (e) => {
    console.error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  };
  try {
    // An async main's rejection fails the command as a throw does.
    const done = main(process.argv.slice(2));
    if (done instanceof Promise) done.catch(fail);
  } catch (e) {
    fail(e);
  }
}
