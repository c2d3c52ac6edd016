/**
 * The application server behind nginx (query key `app`) and the load balancer in front (`front`):
 * keep-alive ordering. A pooled connection must be closed by the side that reuses it, never by the
 * side that only answers: nginx's upstream keepalive_timeout goes below the app's own timeout, and
 * nginx's client keepalive_timeout above the front box's idle timeout. Otherwise a request written
 * on a connection the other side has just closed fails with 502 (the well-known keep-alive race).
 */
import type { AppId } from '../catalog';
import { NICE } from '../choose';
import { middlebox } from '../middleboxes';
import { margin } from '../path';
import type { Front, Input } from '../types';

interface AppFacts {
  /** The app's default keep-alive idle timeout in seconds; undefined: it never closes an idle connection. */
  readonly defaultSeconds: number | undefined;
  /** Where the default comes from. */
  readonly source: string;
}

/** Each app's default keep-alive idle timeout, from its documentation or source. */
export const APP_FACTS: Readonly<Record<AppId, AppFacts>> = {
  // Node.js http: server.keepAliveTimeout defaults to 5000 ms (nodejs.org/api/http.html); Node 20 arms the idle
  // timer 1 s later (HTTP_SERVER_KEEP_ALIVE_TIMEOUT_BUFFER, lib/_http_server.js; measured in tests/lab/app-keepalive.test.ts),
  // so 5 s is the cautious figure.
  node: { defaultSeconds: 5, source: 'server.keepAliveTimeout, 5000 ms by default' },
  // gunicorn settings: keepalive defaults to 2 s (it applies to the gthread and async workers; the sync worker closes after each response).
  gunicorn: { defaultSeconds: 2, source: 'keepalive, 2 s by default' },
  // uvicorn settings: --timeout-keep-alive defaults to 5 s.
  uvicorn: { defaultSeconds: 5, source: '--timeout-keep-alive, 5 s by default' },
  // net/http Server.IdleTimeout: zero uses ReadTimeout, and with both zero there is no timeout.
  go: { defaultSeconds: undefined, source: 'http.Server IdleTimeout 0 and ReadTimeout 0: no idle timeout' },
  // Tomcat HTTP connector: keepAliveTimeout defaults to connectionTimeout, which the shipped server.xml sets to 20000 ms.
  tomcat: { defaultSeconds: 20, source: 'keepAliveTimeout = connectionTimeout, 20000 ms in the shipped server.xml' },
  // Puma: persistent_timeout 20 s before 7.0, 65 s from 7.0 (Configuration::DEFAULTS, as puma pull request 3912's review
  // checked): the older, shorter one is planned for.
  puma: { defaultSeconds: 20, source: 'persistent_timeout, 20 s before Puma 7 (65 s from 7.0)' },
  // Apache httpd core: KeepAliveTimeout defaults to 5 s.
  apache: { defaultSeconds: 5, source: 'KeepAliveTimeout, 5 s by default' },
};

/** The smallest round value A whose margin still leaves it above `seconds`: A - margin(A) > seconds. */
export function aboveWithMargin(seconds: number): number {
  const round = NICE.find((v) => v - margin(v) > seconds);
  if (round !== undefined) return round;
  // Past the round-value scale: the next multiple of 5 s above seconds plus its margin.
  let a = Math.ceil((seconds + 1) / 5) * 5;
  while (a - margin(a) <= seconds) a += 5;
  return a;
}

/**
 * The app's keep-alive timeout after the plan: its default when it already outlives nginx's pool
 * timeout by a margin, else raised above it (the `app-server` snippet sets it).
 */
export function appKeepalive(app: AppId, poolTimeout: number): number {
  const d = APP_FACTS[app].defaultSeconds;
  return d !== undefined && d - margin(d) > poolTimeout ? d : aboveWithMargin(poolTimeout);
}

/** Whether the app's default closes an idle pooled connection before nginx's pool timeout does (the 502 race). */
export function appClosesFirst(app: AppId, poolTimeout: number): boolean {
  const d = APP_FACTS[app].defaultSeconds;
  return d !== undefined && d - margin(d) <= poolTimeout;
}

/** nginx's client-side keepalive_timeout compiled in: 75 s (FACTS.md section 10). */
export const CLIENT_KEEPALIVE_TIMEOUT = 75;

/** The front box's idle timeout in seconds: the number given, or the box's default (a box set otherwise is given as seconds). */
export function frontSeconds(input: Pick<Input, 'front'>): number | undefined {
  const f: Front | undefined = input.front;
  if (f === undefined) return undefined;
  return f.seconds ?? middlebox(f.box)?.defaultSeconds ?? undefined;
}

/** The name of the front box, for messages. */
export function frontName(front: Front): string {
  return front.box === undefined ? 'the load balancer in front' : (middlebox(front.box)?.name ?? front.box);
}

/** nginx's client keepalive_timeout: above the front's idle timeout by a margin, never below nginx's own 75 s. */
export function clientTimeout(front: number | undefined): number | undefined {
  if (front === undefined) return undefined;
  return Math.max(CLIENT_KEEPALIVE_TIMEOUT, aboveWithMargin(front));
}

/** How the `app-server` snippet sets the app's keep-alive timeout to `a` seconds: its language, file and lines. */
export function appServerBody(
  app: AppId,
  a: number,
): {
  language: 'javascript' | 'python' | 'shellscript' | 'go' | 'properties' | 'ruby' | 'apache';
  filename: string;
  destination: string;
  lines: string[];
} {
  switch (app) {
    case 'node':
      return {
        language: 'javascript',
        filename: 'server.mjs',
        destination: 'after your code creates the http.Server (server = http.createServer(...) or app.listen(...))',
        lines: [
          '// Milliseconds. Longer than nginx keeps the connection idle: nginx, which reuses it, closes it first.',
          `server.keepAliveTimeout = ${a * 1000};`,
          '// Above keepAliveTimeout, or an idle connection can be cut by the headers timer first (Node.js issue 27363).',
          `server.headersTimeout = ${(a + 1) * 1000};`,
        ],
      };
    case 'gunicorn':
      return {
        language: 'python',
        filename: 'gunicorn.conf.py',
        destination: 'your gunicorn config file (gunicorn -c gunicorn.conf.py), or --keep-alive on the command line',
        lines: [
          '# Seconds an idle keep-alive connection is kept: longer than nginx keeps it idle.',
          `keepalive = ${a}`,
          '# Keep-alive needs the gthread or an async worker: the default sync worker closes after each response.',
          'worker_class = "gthread"',
          'threads = 4',
        ],
      };
    case 'uvicorn':
      return {
        language: 'shellscript',
        filename: 'uvicorn.sh',
        destination: "uvicorn's command line (or uvicorn.run(..., timeout_keep_alive=...))",
        lines: [
          '# Seconds an idle keep-alive connection is kept: longer than nginx keeps it idle.',
          `uvicorn app:app --timeout-keep-alive ${a}`,
        ],
      };
    case 'go':
      return {
        language: 'go',
        filename: 'server.go',
        destination: 'where your Go code builds its http.Server',
        lines: [
          '// IdleTimeout set explicitly: left at zero it takes ReadTimeout, which may be short.',
          '// Longer than nginx keeps the connection idle: nginx, which reuses it, closes it first.',
          'srv := &http.Server{',
          '\tAddr:        ":8080",',
          '\tHandler:     handler,',
          `\tIdleTimeout: ${a} * time.Second,`,
          '}',
        ],
      };
    case 'tomcat':
      return {
        language: 'properties',
        filename: 'application.properties',
        destination: "Spring Boot's application.properties (standalone Tomcat: the Connector in server.xml)",
        lines: [
          '# Embedded Tomcat (Spring Boot): longer than nginx keeps the connection idle.',
          `server.tomcat.keep-alive-timeout=${a}s`,
          `# Standalone Tomcat, in server.xml: <Connector port="8080" protocol="HTTP/1.1" keepAliveTimeout="${a * 1000}" ... />`,
        ],
      };
    case 'puma':
      return {
        language: 'ruby',
        filename: 'puma.rb',
        destination: 'config/puma.rb',
        lines: [
          '# Seconds an idle keep-alive connection is kept: longer than nginx keeps it idle.',
          `persistent_timeout ${a}`,
        ],
      };
    case 'apache':
      return {
        language: 'apache',
        filename: 'keepalive.conf',
        destination: 'apache2.conf or the VirtualHost that serves nginx',
        lines: [
          '# Seconds an idle keep-alive connection is kept: longer than nginx keeps it idle.',
          'KeepAlive On',
          `KeepAliveTimeout ${a}`,
        ],
      };
  }
}
