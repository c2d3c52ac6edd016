/**
 * gRPC: HTTP/2 keepalive PINGs between a client channel and its server, in grpc-go, grpc-java, Python
 * (C-core channel arguments) and grpc-js.
 *
 * A client PINGs every `time` on an idle connection (with permit-without-calls, also when no call is
 * open) and closes the connection when a PING goes unanswered for `timeout`. The server enforces a
 * minimum interval between the PINGs it receives: one that comes sooner is a strike, and after the
 * strikes allowed it answers GOAWAY `too_many_pings` and closes the connection. So the client's time
 * and the server's minimum are chosen together: the server's minimum below the client's time. Defaults
 * (each named beside it): client PINGs off, timeout 20 s; server minimum 5 min without calls, 2 strikes,
 * pings without calls not permitted; the server's own PINGs every 2 h. A PING is HTTP/2 payload, so it
 * keeps a packet-counting box and an L4 proxy alive, but an L7 proxy (an ALB, Cloudflare) answers it
 * itself: behind one, only application messages or stream deadlines cross (tests/real/grpc.test.ts).
 */
import { NICE, choosePeriod } from '../choose';
import { PER_SOCKET_LIMITS } from '../kernel';
import { margin } from '../path';
import { makeSnippet, layerWorst } from '../render/snippet';
import { detectionOf } from '../timeline';
import { answeredPings, idle, writes, type Socket } from '../timeline/models';
import type { Input, PathSummary, Term, Warning } from '../types';
import { middlebox, type MiddleboxId } from '../middleboxes';
import type { Context, Target } from './target';

/** The port of the gRPC examples. */
const PORT = 50051;
/** keepalive timeout: 20 s in every implementation (C-core GRPC_ARG_KEEPALIVE_TIMEOUT_MS, grpc-go, grpc-java, grpc-js transport.ts). */
export const GRPC_TIMEOUT = 20;
/** The server's minimum interval between PINGs without data: 5 min (C-core GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, the argument "grpc.http2.min_ping_interval_without_data_ms" in grpc_types.h, grpc-go EnforcementPolicy.MinTime, grpc-java permitKeepAliveTime). */
export const SERVER_MIN_PING = 300;
/** The server's own keepalive time: 2 h (C-core's server default, grpc-go ServerParameters.Time, grpc-js KEEPALIVE_MAX_TIME_MS off). */
const SERVER_TIME = 7200;
/** grpc-go and grpc-java raise a client time below 10 s to 10 s (grpc-go internal.KeepaliveMinPingTime; grpc-java's minimum). */
export const CLIENT_TIME_FLOOR = 10;
/** A PING at least every 5 min, like Redis's default keepalive: a longer one leaves most NATs behind. */
const TIME_CAP = 300;

/**
 * Boxes that terminate HTTP/2 and answer PINGs themselves (L7 proxies): the PINGs never reach the far
 * side, so only application messages keep the far side's connection busy. Their catalogue entries say
 * they are HTTP proxies (lib/middleboxes.ts).
 */
const L7_BOXES = [
  'aws-alb',
  'gcp-ext-alb-client',
  'azure-appgw-v2',
  'cloudflare-client',
  'cloudflare-origin-read',
  'envoy-http',
  'istio',
  'traefik',
  'nginx-http-keepalive',
  'haproxy-k8s-ingress',
  'heroku-router',
] as const satisfies readonly MiddleboxId[];

/** The L7 boxes on the path, by name. */
const l7Boxes = (input: Input) =>
  input.via.ids
    .filter((id) => (L7_BOXES as readonly MiddleboxId[]).includes(id))
    .map((id) => middlebox(id)?.name ?? id);

/** The client's PING interval: inside the path's deadline and, with the timeout, the goal; the round-value scale. */
export function chooseGrpcTime(path: PathSummary, goal: number | undefined): number | undefined {
  const deadline = [path.heartbeatDeadline, goal === undefined ? undefined : goal - GRPC_TIMEOUT + 1].filter(
    (d): d is number => d !== undefined,
  );
  return choosePeriod(deadline.length === 0 ? undefined : Math.min(...deadline), TIME_CAP);
}

/** The server's minimum: a round value at least a margin below the client's time, so jitter never makes a strike. */
export function serverMinimum(time: number): number {
  return [...NICE].reverse().find((v) => v <= time - margin(time)) ?? 1;
}

const s = (name: string, value: number): Term => ({ name, value, unit: 's' });
const noKernel = (owner: string): Socket => ({ keepalive: undefined, owner });

/** The client: PINGs every time (none before), an RPC written into the dead path is noticed by the same PINGs. */
function clientModels(ctx: Context, phase: 'before' | 'after') {
  const sock = { ...noKernel('the gRPC client'), retries2: phase === 'after' ? ctx.values.retries2 : undefined };
  const time = phase === 'after' ? ctx.values.grpcTime : undefined;
  if (time === undefined)
    return [idle(sock), writes('waiting-for-reply', sock, 'the gRPC client', 'the client sends an RPC')];
  const terms = [s('keepalive_time', time), s('keepalive_timeout', GRPC_TIMEOUT)];
  return [answeredPings(sock, time, GRPC_TIMEOUT, 'the gRPC client', terms)];
}

/** The server: its own PINGs every time (2 h before). */
function serverModels(ctx: Context, phase: 'before' | 'after') {
  const sock = { ...noKernel('the gRPC server'), retries2: phase === 'after' ? ctx.values.retries2 : undefined };
  const time = phase === 'after' ? (ctx.values.grpcTime ?? SERVER_TIME) : SERVER_TIME;
  return [
    answeredPings(sock, time, GRPC_TIMEOUT, 'the gRPC server', [
      s('keepalive_time', time),
      s('keepalive_timeout', GRPC_TIMEOUT),
    ]),
  ];
}

export const grpc = {
  id: 'grpc',
  fields: [
    {
      key: 'grpc_time',
      group: 'name',
      control: 'text',
      label: 'gRPC client keepalive time (s)',
      hint: 'Your own PING interval; the page then checks it against the server.',
      placeholder: 'chosen',
    },
    {
      key: 'grpc_min_ping',
      group: 'name',
      control: 'text',
      label: "gRPC server's minimum PING interval (s)",
      hint: 'What your server enforces; 300 by default.',
      placeholder: '300',
    },
  ],
  limits: PER_SOCKET_LIMITS,
  userTimeout: () => false,
  headline: 'grpc-client',
  extras: (input, path) => {
    const chosen = chooseGrpcTime(path, input.goal);
    const time = input.grpc_time ?? chosen;
    if (time === undefined)
      return {
        constraint: 'path-timeout',
        message: 'The path forgets idle connections within a few seconds: no gRPC keepalive time fits below it.',
      };
    return { grpcTime: time, grpcMinPing: input.grpc_min_ping ?? serverMinimum(time) };
  },
  layers: (ctx) => [
    {
      layer: 'grpc-client',
      label: 'the gRPC client (keepalive PINGs)',
      before: detectionOf(clientModels(ctx, 'before')),
      after: detectionOf(clientModels(ctx, 'after')),
    },
    {
      layer: 'grpc-server',
      label: 'the gRPC server (its own PINGs)',
      before: detectionOf(serverModels(ctx, 'before')),
      after: detectionOf(serverModels(ctx, 'after')),
    },
  ],
  warnings: ({ input, values }) => {
    const w: Warning[] = [];
    const time = values.grpcTime ?? 0;
    const min = values.grpcMinPing ?? SERVER_MIN_PING;
    if (time < min) {
      w.push({
        code: 'grpc-too-many-pings',
        concerns: 'grpc_time',
        message: `The client PINGs every ${time} s, sooner than the server's minimum of ${min} s: each early PING is a strike, and after 2 the server answers GOAWAY too_many_pings and closes the connection (the client then doubles its time). Lower the server's minimum first (grpc_min_ping), then the client's time.`,
      });
    }
    if (time > 0 && time < CLIENT_TIME_FLOOR) {
      w.push({
        code: 'grpc-time-floor',
        concerns: 'grpc-go',
        message: `grpc-go and grpc-java raise a keepalive time below ${CLIENT_TIME_FLOOR} s to ${CLIENT_TIME_FLOOR} s: ${time} s holds for Python and grpc-js only.`,
      });
    }
    const l7 = l7Boxes(input);
    if (l7.length > 0) {
      w.push({
        code: 'grpc-l7-pings',
        concerns: 'via',
        message: `${l7.join(', ')} answers HTTP/2 PINGs itself: they keep the client's side of it alive, never the server's. Keep the far side busy with application messages (a heartbeat RPC on the stream), or bound calls with deadlines and let the client reconnect.`,
      });
    }
    return w;
  },
  gaps: ({ input, values }, phase) => {
    // A PING is HTTP/2 payload: it refreshes every box up to an L7 proxy, which answers it itself.
    const time = phase === 'after' ? values.grpcTime : undefined;
    if (time === undefined) return { packet: undefined, payload: undefined };
    return { packet: time, payload: l7Boxes(input).length > 0 ? undefined : time };
  },
  snippets: (plan) => {
    const time = plan.values.grpcTime ?? TIME_CAP;
    const min = plan.values.grpcMinPing ?? serverMinimum(time);
    const host = plan.input.dbhost;
    const client = layerWorst(plan, 'grpc-client');
    const goLines = [
      'package rpc',
      '',
      'import (',
      '\t"time"',
      '',
      '\t"google.golang.org/grpc"',
      '\t"google.golang.org/grpc/keepalive"',
      ')',
      '',
      '// Client: a PING after Time without activity, given up after Timeout; below 10 s Time becomes 10 s.',
      'var DialKeepalive = grpc.WithKeepaliveParams(keepalive.ClientParameters{',
      `\tTime:                ${time} * time.Second,`,
      `\tTimeout:             ${GRPC_TIMEOUT} * time.Second,`,
      '\tPermitWithoutStream: true,',
      '})',
      '',
      "// Server: accept the clients' PINGs (MinTime below their Time: 5 min by default), and PING idle clients too.",
      'var ServerKeepalive = []grpc.ServerOption{',
      '\tgrpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{',
      `\t\tMinTime:             ${min} * time.Second,`,
      '\t\tPermitWithoutStream: true,',
      '\t}),',
      '\tgrpc.KeepaliveParams(keepalive.ServerParameters{',
      `\t\tTime:    ${time} * time.Second,`,
      `\t\tTimeout: ${GRPC_TIMEOUT} * time.Second,`,
      '\t}),',
      '}',
    ];
    const javaLines = [
      '// Client: a PING after keepAliveTime without activity, given up after keepAliveTimeout (at least 10 s).',
      `ManagedChannel channel = NettyChannelBuilder.forAddress(${JSON.stringify(host)}, ${PORT})`,
      `    .keepAliveTime(${time}, TimeUnit.SECONDS)`,
      `    .keepAliveTimeout(${GRPC_TIMEOUT}, TimeUnit.SECONDS)`,
      '    .keepAliveWithoutCalls(true)',
      '    .build();',
      '',
      "// Server: accept the clients' PINGs (permitKeepAliveTime below their time: 5 min by default).",
      `Server server = NettyServerBuilder.forPort(${PORT})`,
      `    .permitKeepAliveTime(${min}, TimeUnit.SECONDS)`,
      '    .permitKeepAliveWithoutCalls(true)',
      `    .keepAliveTime(${time}, TimeUnit.SECONDS)`,
      `    .keepAliveTimeout(${GRPC_TIMEOUT}, TimeUnit.SECONDS)`,
      '    .addService(service)',
      '    .build();',
    ];
    const pythonLines = [
      'from concurrent import futures',
      '',
      'import grpc',
      '',
      '# Client channel arguments (C-core): PINGs without calls, and no limit on PINGs without data',
      '# (its default 2 stops the PINGs of an idle channel after two).',
      'channel = grpc.insecure_channel(',
      `    "${host.includes(':') ? `[${host}]` : host}:${PORT}",`,
      '    options=[',
      `        ("grpc.keepalive_time_ms", ${time * 1000}),`,
      `        ("grpc.keepalive_timeout_ms", ${GRPC_TIMEOUT * 1000}),`,
      '        ("grpc.keepalive_permit_without_calls", 1),',
      '        ("grpc.http2.max_pings_without_data", 0),',
      '    ],',
      ')',
      '',
      "# Server arguments: accept the clients' PINGs (the minimum below their time: 5 min by default).",
      'server = grpc.server(',
      '    futures.ThreadPoolExecutor(max_workers=8),',
      '    options=[',
      `        ("grpc.http2.min_ping_interval_without_data_ms", ${min * 1000}),`,
      '        ("grpc.keepalive_permit_without_calls", 1),',
      `        ("grpc.keepalive_time_ms", ${time * 1000}),`,
      `        ("grpc.keepalive_timeout_ms", ${GRPC_TIMEOUT * 1000}),`,
      '    ],',
      ')',
    ];
    const jsLines = [
      'import * as grpc from "@grpc/grpc-js";',
      '',
      '// Client channel options: PINGs without calls too.',
      'export const channelOptions = {',
      `  "grpc.keepalive_time_ms": ${time * 1000},`,
      `  "grpc.keepalive_timeout_ms": ${GRPC_TIMEOUT * 1000},`,
      '  "grpc.keepalive_permit_without_calls": 1,',
      '};',
      '',
      '// Server options: grpc-js servers PING idle clients; they enforce no minimum on the PINGs they receive.',
      'export const server = new grpc.Server({',
      `  "grpc.keepalive_time_ms": ${time * 1000},`,
      `  "grpc.keepalive_timeout_ms": ${GRPC_TIMEOUT * 1000},`,
      '});',
    ];
    return [
      makeSnippet(
        plan,
        {
          id: 'grpc-go',
          title: 'grpc-go keepalive, client and server',
          filename: 'keepalive.go',
          destination: 'where your Go code dials and serves',
          language: 'go',
        },
        client,
        goLines,
      ),
      makeSnippet(
        plan,
        {
          id: 'grpc-java',
          title: 'grpc-java keepalive, client and server',
          filename: 'Keepalive.java',
          destination: 'where your Java code builds the channel and the server',
          language: 'java',
        },
        client,
        javaLines,
      ),
      makeSnippet(
        plan,
        {
          id: 'grpc-python',
          title: 'gRPC Python keepalive (C-core arguments), client and server',
          filename: 'keepalive.py',
          destination: 'where your Python code opens the channel and the server',
          language: 'python',
        },
        client,
        pythonLines,
      ),
      makeSnippet(
        plan,
        {
          id: 'grpc-js',
          title: 'grpc-js keepalive, client and server',
          filename: 'keepalive.mjs',
          destination: 'where your Node.js code creates the client and the server',
          language: 'javascript',
        },
        client,
        jsLines,
      ),
    ];
  },
  verify: () => ({
    port: PORT,
    commands: [
      '# Keepalive PINGs are HTTP/2 frames: GRPC_TRACE=http_keepalive GRPC_VERBOSITY=debug logs them (C-core clients).',
    ],
  }),
} as const satisfies Target;
