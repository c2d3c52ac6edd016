// The ssh_config snippet says where its block goes; placed as it says beside the user's own blocks,
// real ssh (ssh -G) gives every host the values the comment promises.
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../lib/engine';
import { describe as why } from './harness/exec';
import { sshG } from './harness/openssh';
import { cleanupTempDirs } from './harness/tmp';

afterAll(() => cleanupTempDirs());

/** The ssh_config snippet for a query, and the ServerAliveInterval it plans. */
function snippet(query: string): { text: string; interval: string } {
  const result = run(query);
  const text = result.snippets.find((s) => s.id === 'ssh-config')?.text ?? '';
  return { text, interval: String(result.plan.values.serverAlive?.interval ?? '?') };
}

// The user's own blocks: a specific host with its own interval, and a catch-all with another.
const SPECIFIC = 'Host bastion\n    ServerAliveInterval 7\n';
const CATCH_ALL = 'Host *\n    ServerAliveInterval 11\n';

describe('the Host order comment of the ssh_config snippet', () => {
  it('Host *: says last, and placed last a specific host keeps its value while the rest get the plan', async () => {
    const s = snippet('v=1&idle=120');
    expect(s.text).toMatch(/^# put this block last/m);
    expect(s.text).not.toMatch(/above any Host \*/);
    const config = `${SPECIFIC}\n${s.text}`;
    const bastion = await sshG(config, 'bastion');
    const other = await sshG(config, 'web-1');
    expect(bastion.ok, why(bastion.result)).toBe(true);
    expect(bastion.options.get('serveraliveinterval')).toBe('7');
    expect(other.options.get('serveraliveinterval')).toBe(s.interval);
  });

  it('a specific pattern: says above any Host *, and placed there its hosts get the plan', async () => {
    const s = snippet('v=1&idle=120&host=db-*');
    expect(s.text).toMatch(/put this block above any Host \*/);
    expect(s.text).not.toMatch(/put this block last/);
    const config = `${s.text}\n${CATCH_ALL}`;
    const db = await sshG(config, 'db-1');
    const web = await sshG(config, 'web-1');
    expect(db.ok, why(db.result)).toBe(true);
    expect(db.options.get('serveraliveinterval')).toBe(s.interval);
    expect(web.options.get('serveraliveinterval')).toBe('11');
    // Where the comment says not to put it, the catch-all wins: the advice matters.
    const wrong = await sshG(`${CATCH_ALL}\n${s.text}`, 'db-1');
    expect(wrong.options.get('serveraliveinterval')).toBe('11');
  });
});
