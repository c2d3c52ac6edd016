/**
 * What the probe says to each kind of far end, and what counts as its answer. Pure: bytes in,
 * verdicts out (text is latin1, one character per byte).
 */

export const MODES = ['auto', 'echo', 'ssh', 'http'] as const;
export type Mode = (typeof MODES)[number];
export type FarEnd = Exclude<Mode, 'auto'>;

/**
 * The client's identification line: RFC 4253 section 4.2, "SSH-protoversion-softwareversion",
 * softwareversion printable US-ASCII without spaces or minus signs, ended by CR LF.
 */
export const SSH_IDENT = 'SSH-2.0-keepalive_config_probe\r\n';

/** RFC 9112 section 3.2: Host carries an IPv6 literal in brackets. */
export function httpRequest(host: string): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return `HEAD / HTTP/1.1\r\nHost: ${h}\r\nUser-Agent: keepalive-config-probe\r\nConnection: close\r\n\r\n`;
}

/** The echo payload for connection `id`: unique, so an echo of another connection's bytes never counts. */
export function echoPayload(id: number): string {
  return `keepalive-config probe ${id}\n`;
}

/** What connection `id` sends at its test age. */
export function testPayload(mode: FarEnd, id: number, host: string): string {
  switch (mode) {
    case 'echo':
      return echoPayload(id);
    case 'ssh':
      return SSH_IDENT;
    case 'http':
      return httpRequest(host);
    default:
      return mode satisfies never;
  }
}

/** Whether the bytes received since the test payload went out are the far end's answer. */
export function answered(mode: FarEnd, reply: string, sent: string): 'yes' | 'not yet' | 'wrong' {
  switch (mode) {
    case 'echo':
      if (reply.length < sent.length) return sent.startsWith(reply) ? 'not yet' : 'wrong';
      return reply.startsWith(sent) ? 'yes' : 'wrong';
    case 'ssh':
      // The server's next bytes (its key exchange init) after our identification line.
      return reply.length > 0 ? 'yes' : 'not yet';
    case 'http':
      if (reply.length < 5) return 'HTTP/'.startsWith(reply) ? 'not yet' : 'wrong';
      return reply.startsWith('HTTP/') ? 'yes' : 'wrong';
    default:
      return mode satisfies never;
  }
}

/**
 * An SSH server speaks first: its identification line, possibly after other lines (RFC 4253
 * section 4.2). The connection's idle clock starts once that line is complete.
 */
export function sshBannerDone(greeting: string): boolean {
  return /(^|\n)SSH-[^\n]*\n/.test(greeting);
}

/**
 * Auto mode, from one preflight connection: a greeting starting "SSH-" is an SSH server; otherwise
 * the HTTP request is sent, and an exact echo of it is an echo server, "HTTP/" an HTTP server.
 */
export function detect(greeting: string, reply: string, request: string): FarEnd | 'not yet' | null {
  if (greeting.length > 0)
    return greeting.startsWith('SSH-') || sshBannerDone(greeting) ? 'ssh' : greeting.length >= 4 ? null : 'not yet';
  if (reply.startsWith('SSH-')) return 'ssh';
  if (reply.length >= request.length && reply.startsWith(request)) return 'echo';
  if (reply.length >= 5 && reply.startsWith('HTTP/')) return 'http';
  if (request.startsWith(reply) || 'HTTP/'.startsWith(reply) || 'SSH-'.startsWith(reply)) return 'not yet';
  return null;
}
