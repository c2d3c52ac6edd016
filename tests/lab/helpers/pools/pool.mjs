// Lab client for the Node pool snippets: one pool, one query per "query" line on stdin.
// Usage: node pool.mjs LIB HOST [SNIPPET.mjs]
//   LIB      node-postgres | mysql2-pool
//   HOST     the server's address; used only without a snippet (the snippet names its own host)
//   SNIPPET  the engine's snippet as emitted, imported for its `pool` export; without it the pool
//            is built with the library's defaults.
// stdin: "query" checks a connection out, runs `select 1` on it and releases it; "close" ends the pool.
// Events (one JSON line each, t = CLOCK_MONOTONIC seconds, what process.hrtime reads on Linux):
//   ready, query (before the checkout), checkout {port} (the connection's local TCP port),
//   reply {port}, error {port, timedOut, message}, pool-error {message} (an idle connection's error).
// The user is PGUSER (set by the lab: pg reads it, lib/connection-parameters.js); MariaDB runs with
// skip-grant-tables.
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';

const [lib, host, snippet] = process.argv.slice(2);
const emit = (event, fields = {}) =>
  process.stdout.write(`${JSON.stringify({ event, t: Number(process.hrtime.bigint()) / 1e9, ...fields })}\n`);

async function makePool() {
  if (snippet) return (await import(pathToFileURL(snippet).href)).pool;
  if (lib === 'node-postgres') {
    // pg-pool 3.14's defaults: idleTimeoutMillis 10000 above min 0, no maxLifetimeSeconds (pg-pool/index.js);
    // keepAlive off (pg/lib/connection.js sets it only when config.keepAlive is true).
    const { default: pg } = await import('pg');
    return new pg.Pool({ host, database: 'app' });
  }
  if (lib === 'mysql2-pool') {
    // mysql2 3.24's defaults: connectionLimit 10, maxIdle = connectionLimit, idleTimeout 60000 (lib/pool_config.js):
    // the idle reaper starts only when maxIdle < connectionLimit (lib/base/pool.js). enableKeepAlive true,
    // keepAliveInitialDelay unset (lib/connection_config.js): the namespace's tcp_keepalive_time.
    const { default: mysql } = await import('mysql2/promise');
    return mysql.createPool({ host, database: 'app' });
  }
  throw new Error(`unknown pool ${lib}`);
}

// The socket under a checked-out connection: pg's Client.connection.stream, mysql2's
// PromisePoolConnection.connection.stream.
const checkout = {
  'node-postgres': async (pool) => {
    const client = await pool.connect();
    return {
      port: client.connection.stream.localPort,
      run: () => client.query('select 1'),
      release: (error) => client.release(error),
    };
  },
  'mysql2-pool': async (pool) => {
    const conn = await pool.getConnection();
    return {
      port: conn.connection.stream.localPort,
      run: () => conn.query('select 1'),
      release: (error) => (error ? conn.destroy() : conn.release()),
    };
  },
}[lib];

const timedOut = (error) => error?.code === 'ETIMEDOUT' || /timed? ?out/i.test(String(error?.message));

const pool = await makePool();
pool.on('error', (error) => emit('pool-error', { message: String(error?.message) }));
emit('ready');

let queue = Promise.resolve();
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const command = line.trim();
  queue = queue.then(async () => {
    if (command === 'query') {
      emit('query');
      let port = null;
      let conn;
      try {
        conn = await checkout(pool);
        port = conn.port;
        emit('checkout', { port });
        await conn.run();
        conn.release();
        emit('reply', { port });
      } catch (error) {
        conn?.release(error);
        emit('error', {
          port,
          timedOut: timedOut(error),
          message: String(error?.message).slice(0, 300),
          code: error?.code,
        });
      }
    } else if (command === 'close') {
      await pool.end();
      emit('closed');
      process.exit(0);
    }
  });
});
