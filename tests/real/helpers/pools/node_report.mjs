// Imports a generated node-postgres or mysql2 pool snippet and prints, as one JSON line, what its pool
// reports, after one query on a pooled connection and `ss` on that connection's socket.
//
// Usage: node node_report.mjs SNIPPET.mjs pg|mysql2 SERVER_PORT   (as root: peer_sockopts.py borrows the socket)
// The snippet must export `pool`; the caller has already pointed it at a loopback server and put a
// node_modules link beside it. Read back: pg-pool's `pool.options` (pg-pool/index.js) and mysql2's
// `pool.pool.config` (lib/pool_config.js, lib/connection_config.js); whether mysql2's idle reaper
// timer is armed (lib/base/pool.js arms it only when maxIdle < connectionLimit).
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [file, kind, port] = process.argv.slice(2);
const { pool } = await import(pathToFileURL(file).href);

// Right after a reply the retransmission timer (`on`) is armed until the ACK: read until it is not, 3 s at most.
async function settledSs() {
  const deadline = Date.now() + 3000;
  for (;;) {
    const r = spawnSync('ss', ['-tnoiH', 'state', 'established', `( dport = :${port} )`], {
      encoding: 'utf8',
      timeout: 5000,
    });
    const out = r.stdout ?? '';
    if ((out.trim() !== '' && !out.includes('timer:(on,')) || Date.now() > deadline) return out;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// getsockopt on the pooled socket, from outside (Node.js has none): peer_sockopts.py borrows the fd.
function sockopts(stream) {
  const fd = stream?._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) return undefined;
  const helper = fileURLToPath(new URL('peer_sockopts.py', import.meta.url));
  const r = spawnSync('/usr/bin/python3', [helper, String(process.pid), String(fd)], {
    encoding: 'utf8',
    timeout: 10000,
  });
  return r.status === 0 ? JSON.parse(r.stdout) : { error: r.stderr };
}

const started = Date.now();
let report;
if (kind === 'pg') {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('SELECT version() AS v');
    const o = pool.options;
    report = {
      options: {
        keepAlive: o.keepAlive,
        keepAliveInitialDelayMillis: o.keepAliveInitialDelayMillis,
        idleTimeoutMillis: o.idleTimeoutMillis,
        maxLifetimeSeconds: o.maxLifetimeSeconds,
        connectionTimeoutMillis: o.connectionTimeoutMillis,
        max: o.max,
        min: o.min,
      },
      server: rows[0].v,
      ss: await settledSs(),
      sockopts: sockopts(client.connection.stream),
    };
  } finally {
    client.release();
  }
} else if (kind === 'mysql2') {
  const conn = await pool.getConnection();
  try {
    const [rows] = await conn.query('SELECT VERSION() AS v');
    const c = pool.pool.config;
    report = {
      options: {
        enableKeepAlive: c.connectionConfig.enableKeepAlive,
        keepAliveInitialDelay: c.connectionConfig.keepAliveInitialDelay,
        connectionLimit: c.connectionLimit,
        maxIdle: c.maxIdle,
        idleTimeout: c.idleTimeout,
        database: c.connectionConfig.database,
      },
      idleReaperArmed: pool.pool._removeIdleTimeoutConnectionsTimer !== undefined,
      server: rows[0].v,
      ss: await settledSs(),
      sockopts: sockopts(conn.connection.stream),
    };
  } finally {
    conn.release();
  }
} else {
  throw new Error(`unknown kind ${kind}`);
}
report.ageSec = (Date.now() - started) / 1000;
await pool.end();
process.stdout.write(`${JSON.stringify(report)}\n`);
