/**
 * The Linux kernel's limits on the per-socket keepalive options, named once (FACTS.md section 1,
 * net/ipv4/tcp.c): the codec's ranges, the targets' chooser limits and the timeline's bounds read them.
 */

/** TCP_KEEPIDLE and TCP_KEEPINTVL: 1..MAX_TCP_KEEPIDLE and 1..MAX_TCP_KEEPINTVL, both 32767 s. */
export const TCP_KEEPIDLE_MAX = 32767;
export const TCP_KEEPINTVL_MAX = 32767;
/** TCP_KEEPCNT: 1..MAX_TCP_KEEPCNT, 127. */
export const TCP_KEEPCNT_MAX = 127;
/** TCP_USER_TIMEOUT: 0..INT_MAX ms, 0 meaning off. */
export const TCP_USER_TIMEOUT_MAX_MS = 2147483647;

/** The chooser's ranges for a target whose settings take the per-socket options as they are (lib/choose.ts). */
export const PER_SOCKET_LIMITS = { idleMax: TCP_KEEPIDLE_MAX, intervalMax: TCP_KEEPINTVL_MAX } as const;
