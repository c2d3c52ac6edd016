import { detectionText, headlineText } from '../../lib/summary';
import type { Plan } from '../../lib/types';

/** Words for the query keys a user types into, for the stale marker; an unlisted key is shown as it is. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  via: 'the boxes on the path',
  idle: 'the path’s idle timeout',
  goal: 'the detection goal',
  keepalive: 'the kernel keepalive values',
  user_timeout: 'TCP_USER_TIMEOUT',
  alive: 'the SSH alive values',
  host: 'the ssh Host pattern',
  dbhost: 'the database host',
  upstream: 'the upstream server',
  openssh: 'the OpenSSH version',
  nginx: 'the nginx version',
  manage: 'Roll out with',
};

/** "the detection goal", "the path’s idle timeout and the detection goal", ... */
export function fieldNames(keys: readonly string[]): string {
  const names = keys.map((k) => FIELD_NAMES[k] ?? k);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The stale marker's sentence while some field's draft is invalid; empty when none is. */
export function staleText(keys: readonly string[]): string {
  if (keys.length === 0) return '';
  const verb = keys.length === 1 ? 'is' : 'are';
  return `Showing the last valid state: ${fieldNames(keys)} ${verb} not valid, so these results still use the last valid value.`;
}

/**
 * What the live region says once the inputs settle: the stale marker first (it changes what the rest
 * means), then the headline's two sentences, survival then detection (lib/summary.ts, as the page and
 * the CLI word them).
 */
export function settledSummary(plan: Plan, stale: readonly string[]): string {
  return [staleText(stale), headlineText(plan), detectionText(plan)].filter(Boolean).join(' ');
}
