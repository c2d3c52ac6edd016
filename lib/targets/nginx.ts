/** nginx as a reverse proxy: the upstream connection pool and both sockets (FACTS.md section 6). */
import { PER_SOCKET_LIMITS } from '../kernel';
import { choosePeriod } from '../choose';
import { detectionOf } from '../timeline';
import { closesIdle, nginxUpstreamRequest, type Socket } from '../timeline/models';
import { LINUX_RETRIES2, retransmissionAbort } from '../detection';
import { boundName, margin } from '../path';
import { compareVersions } from '../version';
import { NGINX, blank, block, comment, serialize, setting, type Line } from '../render/lines';
import { layerWorst, makeSnippet } from '../render/snippet';
import type { Input, Plan, Version, Warning } from '../types';
import {
  APP_FACTS,
  CLIENT_KEEPALIVE_TIMEOUT,
  appClosesFirst,
  appKeepalive,
  appServerBody,
  clientTimeout,
  frontName,
  frontSeconds,
} from './apps';
import { planSocket, type Context, type Target } from './target';
import { APPS, APP_LABELS, NGINX_FORMS, type AppId, type NginxForm } from '../catalog';

const atLeast = (input: Input, v: Version) => compareVersions(input.nginx, v) >= 0;
/** 1.29.7 pools upstream connections by default (keepalive 32) and speaks HTTP/1.1 upstream. */
const POOLS_BY_DEFAULT: Version = [1, 29, 7];
/** upstream keepalive_timeout exists since 1.15.3; proxy_socket_keepalive since 1.15.6. */
const POOL_TIMEOUT_SINCE: Version = [1, 15, 3];
const SOCKET_KEEPALIVE_SINCE: Version = [1, 15, 6];
/** Default upstream keepalive_timeout, proxy_read_timeout and proxy_connect_timeout: 60 s (nginx.org docs). */
export const NGINX_DEFAULT_TIMEOUT = 60;
/** Idle connections kept per worker: small, enough for a steady request rate. */
const POOL_SIZE = 16;

/**
 * nginx towards the upstream: a pooled idle connection is closed at keepalive_timeout (or reset by the
 * kernel with proxy_socket_keepalive); a request written on it after the path died is data in flight,
 * so keepalive stops and the request waits for proxy_read_timeout (FACTS.md section 10). Without a pool
 * (before 1.29.7 by default) nothing idles: a request is in flight when the path dies.
 */
function upstreamModels(ctx: Context, phase: 'before' | 'after') {
  const { input, values } = ctx;
  // The sysctl snippet's tcp_retries2 applies to every socket; keepalive only with proxy_socket_keepalive.
  const retries2 = phase === 'after' ? values.retries2 : undefined;
  const sock: Socket =
    atLeast(input, SOCKET_KEEPALIVE_SINCE) && phase === 'after'
      ? planSocket(ctx, 'after', 'nginx')
      : { keepalive: undefined, retries2, owner: 'nginx' };
  const pool =
    phase === 'after' ? values.nginxPoolTimeout : atLeast(input, POOLS_BY_DEFAULT) ? NGINX_DEFAULT_TIMEOUT : undefined;
  const terms = pool === undefined ? [] : [{ name: 'keepalive_timeout', value: pool, unit: 's' as const }];
  const retransmit = retransmissionAbort(sock.retries2 ?? LINUX_RETRIES2);
  const request = nginxUpstreamRequest(
    sock,
    {
      pooled: pool !== undefined,
      poolEnd: pool ?? 0,
      read: NGINX_DEFAULT_TIMEOUT,
      connect: NGINX_DEFAULT_TIMEOUT,
      retransmit,
    },
    terms,
  );
  if (pool === undefined) return [request];
  return [closesIdle(sock, pool, 'nginx', 'keepalive_timeout closes the pooled connection', terms), request];
}

/** nginx towards its clients: keepalive_timeout (75 s) closes an idle client connection; so_keepalive may end it first. */
function clientModels(ctx: Context, phase: 'before' | 'after') {
  const sock: Socket = phase === 'after' ? planSocket(ctx, 'after', 'nginx') : { keepalive: undefined, owner: 'nginx' };
  const timeout = (phase === 'after' ? ctx.values.nginxClientTimeout : undefined) ?? CLIENT_KEEPALIVE_TIMEOUT;
  const terms = [{ name: 'keepalive_timeout', value: timeout, unit: 's' as const }];
  const note =
    timeout === CLIENT_KEEPALIVE_TIMEOUT
      ? 'keepalive_timeout (75 s, compiled in) closes the idle client connection'
      : 'keepalive_timeout closes the idle client connection';
  return [closesIdle(sock, timeout, 'nginx', note, terms)];
}

/** The nginx snippet's two forms as the page names them (query key nginx_form). */
const NGINX_FORM_LABELS = {
  merge: 'Lines to merge into my upstream, server and location',
  site: 'A new site for conf.d (upstream and server blocks)',
} as const satisfies Record<NginxForm, string>;

/** Where the new-site form goes: Debian's nginx.conf includes /etc/nginx/conf.d/*.conf in http {}. */
const SITE_FILE = '/etc/nginx/conf.d/upstream-keepalive.conf';

/**
 * The heading comment of each group of the merge form: the block its lines go into. Tests place the
 * groups into a user's configuration by these headings (tests/real/harness/nginx-merge.ts).
 */
export const MERGE_HEADINGS = {
  upstream: 'In your upstream { } block (the one your proxy_pass names), beside its server lines:',
  server:
    'In your server { } block: so_keepalive on its existing listen line (keep your address, ssl and other parameters):',
  location: 'In the location { } block that holds your proxy_pass:',
} as const;

const upstreamLines = (plan: Plan): Line[] => [
  comment('keepalive N is the per-worker cache of idle upstream connections, not TCP keepalive.'),
  setting('keepalive', POOL_SIZE),
  ...(atLeast(plan.input, POOL_TIMEOUT_SINCE)
    ? [
        comment('Close pooled connections before the path forgets them.'),
        setting('keepalive_timeout', `${plan.values.nginxPoolTimeout ?? NGINX_DEFAULT_TIMEOUT}s`),
      ]
    : []),
];

/** `listen ADDRESS so_keepalive=T:I:P` (nginx listen: plain numbers are seconds). */
const listenLine = (plan: Plan, address: string): Line => {
  const k = plan.values.keepalive;
  return setting('listen', `${address} so_keepalive=${k.idle}:${k.interval}:${k.count}`);
};

/** nginx's client keepalive_timeout above the front box's, when there is one (query key `front`). */
const clientTimeoutLines = (plan: Plan): Line[] => {
  const c = plan.values.nginxClientTimeout;
  const front = plan.input.front;
  if (c === undefined || front === undefined) return [];
  return [
    comment(`Idle client connections: longer than ${frontName(front)} keeps them, so the balancer closes them first.`),
    setting('keepalive_timeout', `${c}s`),
  ];
};

const locationLines = (plan: Plan): Line[] => [
  ...(!atLeast(plan.input, POOLS_BY_DEFAULT)
    ? [
        comment('Needed for pooling before nginx 1.29.7.'),
        setting('proxy_http_version', '1.1'),
        setting('proxy_set_header', 'Connection ""'),
      ]
    : []),
  ...(atLeast(plan.input, SOCKET_KEEPALIVE_SINCE)
    ? [comment('SO_KEEPALIVE on upstream sockets, with the host sysctls.'), setting('proxy_socket_keepalive', 'on')]
    : []),
];

/** The default form: lines for the user's own blocks, no new upstream or server, no invented name. */
function mergeLines(plan: Plan): Line[] {
  const location = locationLines(plan);
  return [
    comment(MERGE_HEADINGS.upstream),
    ...upstreamLines(plan),
    blank,
    comment(MERGE_HEADINGS.server),
    comment('TCP keepalive on accepted client sockets: idle:interval:count. One so_keepalive per address:port.'),
    listenLine(plan, '80'),
    ...clientTimeoutLines(plan),
    ...(location.length > 0 ? [blank, comment(MERGE_HEADINGS.location), ...location] : []),
  ];
}

/** `nginx_form=site`: a whole new site in conf.d, for a host that has none yet. */
function siteLines(plan: Plan): Line[] {
  return [
    comment(`A new site for the http context (${SITE_FILE}).`),
    comment('Rename backend if your configuration already has an upstream of that name (nginx -t says so).'),
    comment("Add server_name with your site's name: conf.d is read before sites-enabled, so without it this"),
    comment('server can become the default server of port 80 for every Host no other server names.'),
    block('upstream backend', [setting('server', plan.input.upstream), ...upstreamLines(plan)]),
    block('server', [
      comment('TCP keepalive on accepted client sockets: idle:interval:count.'),
      listenLine(plan, '80'),
      ...clientTimeoutLines(plan),
      block('location /', [setting('proxy_pass', 'http://backend'), ...locationLines(plan)]),
    ]),
  ];
}

/** The `app-server` snippet: the app's own keep-alive timeout, above nginx's pool timeout. */
function appServer(plan: Plan, app: AppId, seconds: number) {
  const body = appServerBody(app, seconds);
  const title = `${APP_LABELS[app]} keep-alive timeout, above nginx pool timeout`;
  return makeSnippet(
    plan,
    { id: 'app-server', title, filename: body.filename, destination: body.destination, language: body.language },
    undefined,
    body.lines,
  );
}

export const nginx = {
  id: 'nginx',
  fields: [
    {
      key: 'nginx',
      group: 'version',
      control: 'text',
      label: 'nginx version',
      hint: 'Directives newer than this are left out.',
      placeholder: '1.22',
      shown: (input) => input.nginx.join('.'),
    },
    {
      key: 'nginx_form',
      group: 'version',
      control: 'select',
      label: 'nginx snippet',
      hint: 'Merge into the configuration you have; a whole new site only for a host without one.',
      options: NGINX_FORMS.map((f) => ({ value: f, label: NGINX_FORM_LABELS[f] })),
      value: (input) => input.nginx_form,
    },
    {
      key: 'app',
      group: 'version',
      control: 'select',
      label: 'Application server behind nginx',
      hint: "Its keep-alive timeout must outlast nginx's pool, or requests meet closed connections (502).",
      options: [{ value: '', label: 'Not said' }, ...APPS.map((a) => ({ value: a, label: APP_LABELS[a] }))],
      value: (input) => input.app ?? '',
    },
    {
      key: 'front',
      group: 'version',
      control: 'text',
      label: 'Load balancer in front of nginx',
      hint: 'A box id such as aws-alb, or its idle timeout in seconds: nginx keeps client connections longer.',
      placeholder: 'e.g. aws-alb or 350',
    },
    {
      key: 'upstream',
      group: 'name',
      control: 'text',
      label: 'Upstream server (host:port)',
      hint: 'The server in the upstream block.',
      placeholder: '127.0.0.1:8080',
      shown: (input) => input.upstream,
    },
  ],
  limits: PER_SOCKET_LIMITS,
  userTimeout: () => false,
  headline: 'nginx-upstream',
  extras: (input, path) => {
    const pool = choosePeriod(path.heartbeatDeadline, NGINX_DEFAULT_TIMEOUT);
    if (pool === undefined)
      return {
        constraint: 'path-timeout',
        message:
          'The path forgets idle connections within a few seconds: no upstream keepalive_timeout fits below it. Turn off the upstream keepalive pool.',
      };
    // The app behind keeps idle connections longer than nginx's pool (the app-server snippet raises it
    // where it must); nginx in front of clients keeps them longer than the box in front of it.
    return {
      nginxPoolTimeout: pool,
      appKeepalive: input.app === undefined ? undefined : appKeepalive(input.app, pool),
      nginxClientTimeout: clientTimeout(frontSeconds(input)),
    };
  },
  layers: (ctx) => [
    {
      layer: 'nginx-upstream',
      label: 'nginx towards the upstream',
      before: detectionOf(upstreamModels(ctx, 'before')),
      after: detectionOf(upstreamModels(ctx, 'after')),
    },
    {
      layer: 'nginx-client',
      label: 'nginx towards its clients (listen so_keepalive)',
      before: detectionOf(clientModels(ctx, 'before')),
      after: detectionOf(clientModels(ctx, 'after')),
    },
  ],
  warnings: ({ input, path, values }) => {
    const w: Warning[] = [];
    if (!atLeast(input, POOLS_BY_DEFAULT)) {
      w.push({
        code: 'nginx-http11-pooling',
        concerns: 'nginx-conf',
        message: `nginx ${input.nginx.join('.')} reuses upstream connections only with proxy_http_version 1.1 and an empty Connection header (both in the snippet): keepalive 16 alone reuses nothing. keepalive is the size of the idle connection cache, not TCP keepalive.`,
      });
    }
    const f = path.heartbeatDeadline;
    if (f !== undefined && f <= NGINX_DEFAULT_TIMEOUT) {
      w.push({
        code: 'nginx-pool-outlives-path',
        concerns: 'nginx-conf',
        message: `nginx keeps pooled upstream connections for 60 s by default, longer than ${boundName(path.packetFrom ?? path.payloadFrom)} keeps them: the next request on a forgotten connection hangs until proxy_read_timeout, then fails with 502 or 504. The plan sets keepalive_timeout ${values.nginxPoolTimeout ?? 0}s.`,
      });
    }
    const app = input.app;
    const pool = values.nginxPoolTimeout ?? NGINX_DEFAULT_TIMEOUT;
    if (app !== undefined && appClosesFirst(app, NGINX_DEFAULT_TIMEOUT)) {
      const d = APP_FACTS[app].defaultSeconds ?? 0;
      const instead = choosePeriod(d - margin(d), NGINX_DEFAULT_TIMEOUT);
      const fallback =
        instead === undefined
          ? 'remove keepalive N from the upstream block (no pooling)'
          : `set nginx's upstream keepalive_timeout to ${instead}s instead`;
      w.push({
        code: 'app-closes-first',
        concerns: 'app-server',
        message: `${APP_LABELS[app]} closes an idle keep-alive connection after ${d} s (${APP_FACTS[app].source}), before nginx stops reusing it (keepalive_timeout 60 s by default): a request nginx writes on a connection the app has just closed fails with 502. The app-server snippet raises the app's timeout to ${values.appKeepalive ?? 0} s, above nginx's ${pool} s; if you cannot change the app, ${fallback}.`,
      });
    }
    if (app === 'gunicorn')
      w.push({
        code: 'app-sync-worker',
        concerns: 'app-server',
        message:
          "gunicorn's default sync worker closes the connection after every response, so nginx pools nothing; keep-alive, and the keepalive setting, need the gthread worker or an async one (the snippet sets gthread).",
      });
    const front = input.front;
    const fs = frontSeconds(input);
    if (
      front !== undefined &&
      fs !== undefined &&
      values.nginxClientTimeout !== undefined &&
      values.nginxClientTimeout > CLIENT_KEEPALIVE_TIMEOUT
    ) {
      w.push({
        code: 'front-outlives-nginx',
        concerns: 'nginx-conf',
        message: `${frontName(front)} keeps idle connections to nginx for ${fs} s, longer than nginx's 75 s keepalive_timeout: nginx closes connections the balancer still reuses, and its next request there fails with 502. The snippet raises nginx's keepalive_timeout to ${values.nginxClientTimeout}s.`,
      });
    }
    if (path.payloadTimeout !== undefined) {
      w.push({
        code: 'l7-proxy-ignores-keepalive',
        concerns: 'via',
        message: `${boundName(path.payloadFrom)} ignores TCP keepalive probes: the upstream keepalive_timeout below its ${path.payloadTimeout} s closes pooled connections first.`,
      });
    }
    return w;
  },
  gaps: ({ values, input }, phase) => {
    // Pooled connections idle up to keepalive_timeout, then nginx closes them; without a pool nothing idles.
    const pooled =
      phase === 'after' ? values.nginxPoolTimeout : atLeast(input, POOLS_BY_DEFAULT) ? NGINX_DEFAULT_TIMEOUT : 0;
    return { packet: pooled, payload: pooled };
  },
  snippets: (plan) => {
    const { input } = plan;
    const merge = input.nginx_form === 'merge';
    const text = serialize(merge ? mergeLines(plan) : siteLines(plan), NGINX);
    const meta = merge
      ? {
          id: 'nginx-conf' as const,
          title: 'nginx: lines to merge into your upstream, server and location',
          filename: 'upstream-keepalive.conf',
          destination: 'your existing upstream, server and location blocks: each group says which',
          language: 'nginx' as const,
        }
      : {
          id: 'nginx-conf' as const,
          title: 'nginx: a new site with its upstream pool and socket keepalive',
          filename: 'upstream-keepalive.conf',
          destination: `${SITE_FILE} (http context)`,
          language: 'nginx' as const,
        };
    const app = input.app;
    const appSnippet =
      app === undefined || plan.values.appKeepalive === undefined
        ? []
        : [appServer(plan, app, plan.values.appKeepalive)];
    return [makeSnippet(plan, meta, layerWorst(plan, 'nginx-upstream'), text), ...appSnippet];
  },
  verify: (plan) => ({
    port: Number(plan.input.upstream.split(':').pop()),
    commands: ["sudo nginx -T 2>/dev/null | grep -E 'keepalive|proxy_http_version|so_keepalive'"],
  }),
} as const satisfies Target;
