/**
 * A grpc-js client for tests/real/grpc.test.ts, built with the `channelOptions` the grpc-js snippet
 * exports (argv[2], the snippet's own file) against 127.0.0.1:argv[3]. No .proto: Client's
 * makeUnaryRequest with identity (de)serializers calls /ka.Test/Echo with raw bytes.
 *
 * stdout: one JSON event a line: {event:"state", state} on every connectivity change, {event:"rpc", ok}
 * per call. stdin: "rpc" makes a call, "quit" closes the channel and exits. grpc-js writes its traces
 * (GRPC_TRACE, GRPC_VERBOSITY from the environment) to stderr.
 */
import * as grpc from '@grpc/grpc-js';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const { channelOptions } = await import(pathToFileURL(process.argv[2]).href);
const port = Number(process.argv[3]);
const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), channelOptions);
const channel = client.getChannel();
const emit = (e) => process.stdout.write(`${JSON.stringify({ ...e, at: Date.now() })}\n`);
const identity = (b) => b;

function watch(state) {
  emit({ event: 'state', state: grpc.connectivityState[state] });
  if (state === grpc.connectivityState.SHUTDOWN) return;
  channel.watchConnectivityState(state, Infinity, () => watch(channel.getConnectivityState(false)));
}
watch(channel.getConnectivityState(false));

function rpc() {
  client.makeUnaryRequest(
    '/ka.Test/Echo',
    identity,
    identity,
    Buffer.from('ping'),
    { deadline: Date.now() + 10_000 },
    (err, res) =>
      emit({ event: 'rpc', ok: !err && Buffer.isBuffer(res) && res.toString() === 'ping', error: err?.message }),
  );
}

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'rpc') rpc();
  if (line.trim() === 'quit') {
    client.close();
    process.exit(0);
  }
});
process.stdin.on('end', () => {
  client.close();
  process.exit(0);
});
emit({ event: 'started', pid: process.pid });
