// Runs an emitted ioredis or node-redis snippet (a module that exports `redis` or `client`), sends one
// command, prints {"event":"ready","pid":...} and idles until a line arrives on stdin, then quits.
// Usage: node node_client.mjs SNIPPET.mjs
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const mod = await import(pathToFileURL(process.argv[2]).href);
const client = mod.redis ?? mod.client;
if (!client) throw new Error('the snippet exports neither redis (ioredis) nor client (node-redis)');
// ioredis connects on construction (lazyConnect false by default); node-redis's snippet awaits connect().
const reply = await client.set('ka-real', 'idle');
console.log(JSON.stringify({ event: 'ready', pid: process.pid, reply }));
createInterface({ input: process.stdin }).once('line', async () => {
  await client.quit();
  process.exit(0);
});
