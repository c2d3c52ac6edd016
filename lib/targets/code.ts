/**
 * The per-socket code snippets as detection layers (lib/render/code.ts prints them): each socket with the
 * values its snippet sets, and before, what that language's socket does by default (FACTS.md section 2).
 */
import type { LayerId } from '../catalog';
import { NODE_FIXED } from '../detection';
import type { CodeLanguage } from '../filter';
import { detectionOf } from '../timeline';
import { idle, type Socket } from '../timeline/models';
import type { Keepalive, LayerDetection } from '../types';
import type { Context } from './target';

/** Go enables keepalive on every TCP connection since 1.12, 15 s idle and 15 s interval, 9 probes (FACTS.md section 2). */
export const GO_DEFAULTS: Keepalive = { idle: 15, interval: 15, count: 9 };

interface CodeLayer {
  readonly layer: LayerId;
  readonly label: string;
  /** Before: the language's socket with nothing set (Python, Node and Java leave SO_KEEPALIVE off). */
  readonly before: Keepalive | undefined;
  readonly after: (ctx: Context) => Socket;
}

const CODE_LAYERS: Readonly<Record<CodeLanguage, CodeLayer>> = {
  python: {
    layer: 'code-python',
    label: 'Python code (setsockopt on each socket)',
    before: undefined,
    after: ({ values }) => ({
      keepalive: values.keepalive,
      userTimeoutMs: values.userTimeoutMs,
      retries2: values.retries2,
      owner: 'the Python service',
    }),
  },
  node: {
    layer: 'code-node',
    label: 'Node.js code (socket.setKeepAlive)',
    before: undefined,
    // setKeepAlive(true, T × 1000): libuv sets TCP_KEEPIDLE T, TCP_KEEPINTVL 1, TCP_KEEPCNT 10.
    after: ({ values }) => ({
      keepalive: { idle: values.keepalive.idle, ...NODE_FIXED },
      retries2: values.retries2,
      owner: 'the Node.js service',
    }),
  },
  go: {
    layer: 'code-go',
    label: 'Go code (net.KeepAliveConfig)',
    before: GO_DEFAULTS,
    after: ({ values }) => ({ keepalive: values.keepalive, retries2: values.retries2, owner: 'the Go service' }),
  },
  java: {
    layer: 'code-java',
    label: 'Java code (ExtendedSocketOptions)',
    before: undefined,
    after: ({ values }) => ({ keepalive: values.keepalive, retries2: values.retries2, owner: 'the Java service' }),
  },
};

/** The layers of the code snippets the input shows, in its language order. */
export function codeLayers(ctx: Context): LayerDetection[] {
  return ctx.input.lang.map((lang) => {
    const c = CODE_LAYERS[lang];
    const after = c.after(ctx);
    return {
      layer: c.layer,
      label: c.label,
      before: detectionOf([idle({ keepalive: c.before, owner: after.owner })]),
      after: detectionOf([idle(after)]),
    };
  });
}
