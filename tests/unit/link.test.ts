// The full link: the site's URL checked (lib/link.ts), render() and the runbook given it as data.
import { describe, expect, it } from 'vitest';
import { run } from '../../lib/engine';
import { normalSiteUrl, presetPath, shareLink, siteUrlProblem } from '../../lib/link';
import { PRESETS } from '../../lib/presets';
import { render } from '../../lib/render';
import { manageSnippet } from '../../lib/manage';
import { runbook } from '../../lib/runbook';

describe('the site URL', () => {
  it.each([
    ['https://keepalive.example.org/', 'https://keepalive.example.org/'],
    ['https://keepalive.example.org', 'https://keepalive.example.org/'],
    ['http://127.0.0.1:3000/', 'http://127.0.0.1:3000/'],
    ['https://example.org/tools/keepalive/', 'https://example.org/tools/keepalive/'],
    ['HTTPS://Example.ORG/a b', 'https://example.org/a%20b'],
  ])('%s is accepted as %s', (raw, normal) => {
    expect(siteUrlProblem(raw)).toBeUndefined();
    expect(normalSiteUrl(raw)).toBe(normal);
  });

  it.each([
    ['', 'is not an absolute URL'],
    ['keepalive.example.org', 'is not an absolute URL'],
    ['/relative/', 'is not an absolute URL'],
    ['ftp://example.org/', 'must start with https:// or http://'],
    ['javascript:alert(1)', 'must start with https:// or http://'],
    ['https://u:p@example.org/', 'must not hold a user name or password'],
    ['https://example.org/?a=1', 'must not have a query (?...): the state is the query'],
    ['https://example.org/?', 'must not have a query (?...): the state is the query'],
    ['https://example.org/#x', 'must not have a fragment (#...)'],
    ['https://example.org/#', 'must not have a fragment (#...)'],
  ])('%j is refused: %s', (raw, problem) => {
    expect(siteUrlProblem(raw)).toBe(problem);
    expect(() => normalSiteUrl(raw)).toThrow(problem);
  });

  it('a link is the site URL and the query, or the query alone', () => {
    expect(shareLink('v=1&target=mysql', 'https://example.org/k')).toBe('https://example.org/k?v=1&target=mysql');
    expect(shareLink('v=1&target=mysql', undefined)).toBe('?v=1&target=mysql');
  });

  it('a preset has its own page', () => {
    expect(PRESETS.map((p) => presetPath(p.id))).toContain('/p/ssh-satellite');
  });
});

describe('render and the runbook given the site URL', () => {
  const Q = 'target=mysql&via=azure-lb&manage=ansible,cloud-init,terraform-aks';
  const SITE = 'https://keepalive.example.org/';
  const FULL = `${SITE}?v=1&target=mysql&via=azure-lb&manage=ansible,cloud-init,terraform-aks`;

  it("every snippet's Reproduce line is the full link, and nothing else changes", () => {
    const r = run(Q);
    const full = render(r.plan, { siteUrl: SITE, manage: manageSnippet });
    expect(full.map((s) => s.id)).toEqual(r.snippets.map((s) => s.id));
    for (const [i, s] of full.entries()) {
      // The header's line (config management quotes the other snippets' headers, indented).
      const lines = s.text.split('\n').filter((l) => /^(#|\/\/) Reproduce: /.test(l));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^(#|//) Reproduce: ${FULL.replace(/[.?]/g, '\\$&')}$`));
      expect(s.text.replaceAll(FULL, `?${r.plan.shareQuery}`)).toBe(r.snippets[i]?.text);
    }
  });

  it('run() given the site URL, as the page and the CLI call it, gives the same snippets and the plan its link', () => {
    const r = run(Q, { siteUrl: SITE });
    expect(r.plan.shareUrl).toBe(FULL);
    expect(r.snippets).toEqual(render(run(Q).plan, { siteUrl: SITE, manage: manageSnippet }));
    // Without the config-management renderer (the page before it arrives) the same cards, those left out.
    expect(render(run(Q).plan, { siteUrl: SITE }).map((s) => s.id)).toEqual(
      r.snippets.map((s) => s.id).filter((id) => !['ansible', 'cloud-init', 'terraform-aks'].includes(id)),
    );
    expect(run(Q).plan.shareUrl).toBeUndefined();
  });

  it('the runbook: the full link as an autolink, and the version that made it', () => {
    const r = run(Q);
    const md = runbook(r.plan, r.snippets, { version: '1.2.3', siteUrl: SITE }).split('\n');
    expect(md.slice(0, 5)).toEqual([
      '# Keepalive runbook: MySQL / MariaDB',
      '',
      'Made by keepalive-config 1.2.3.',
      expect.stringMatching(/^Inputs: /),
      `Reproduce: <${FULL}>`,
    ]);
    expect(runbook(r.plan, r.snippets).split('\n')[3]).toBe(`Reproduce: \`?${r.plan.shareQuery}\``);
  });
});
