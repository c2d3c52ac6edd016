/**
 * Places the merge form of the nginx snippet (lib/targets/nginx.ts MERGE_HEADINGS) into a minimal
 * configuration of the kind a user already has: an upstream with its server line, a server with its
 * listen line and a location that proxies to the upstream, as a person would paste each group.
 */
import { MERGE_HEADINGS } from '../../../lib/targets/nginx';

type Group = keyof typeof MERGE_HEADINGS;

/** The lines under each heading comment, up to the next heading (blank lines dropped). */
export function mergeGroups(snippet: string): Record<Group, string[]> {
  const groups: Record<Group, string[]> = { upstream: [], server: [], location: [] };
  let current: Group | undefined;
  for (const line of snippet.split('\n')) {
    const heading = (Object.keys(MERGE_HEADINGS) as Group[]).find((g) => line === `# ${MERGE_HEADINGS[g]}`);
    if (heading) current = heading;
    else if (current && line.trim() !== '') groups[current].push(line);
  }
  return groups;
}

/**
 * The user's configuration with the groups merged in: upstream lines inside `upstream app`, the
 * parameters of the snippet's listen line added to the user's own listen (its address kept), the
 * location lines inside `location /`.
 */
export function placeMerge(snippet: string, listenPort: number, upstreamPort: number): string {
  const g = mergeGroups(snippet);
  const listen = g.server.find((l) => /^listen\s/.test(l));
  if (!listen) throw new Error('merge form without a listen line');
  // `listen 80 so_keepalive=...;` -> the parameters after the address.
  const params = listen.replace(/^listen\s+\S+\s*/, '').replace(/;$/, '');
  const indent = (lines: readonly string[], pad: string) => lines.map((l) => `${pad}${l}`);
  return [
    'upstream app {',
    `    server 127.0.0.1:${upstreamPort};`,
    ...indent(g.upstream, '    '),
    '}',
    'server {',
    ...indent(
      g.server.filter((l) => l !== listen),
      '    ',
    ),
    `    listen 127.0.0.1:${listenPort}${params ? ` ${params}` : ''};`,
    '    server_name localhost;',
    '    location / {',
    '        proxy_pass http://app;',
    ...indent(g.location, '        '),
    '    }',
    '}',
    '',
  ].join('\n');
}
