import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { run } from '../../lib/engine';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The query the address bar holds now, without `?`. */
export function currentQuery(page: Page): string {
  return new URL(page.url()).search.replace(/^\?/, '');
}

/** What the engine says the snippets for a query are: id -> text. */
export function expectedSnippets(query: string): Record<string, string> {
  // As the page renders them: with the full link when the build was given SITE_URL.
  return Object.fromEntries(
    run(query, { siteUrl: process.env.SITE_URL || undefined }).snippets.map((s) => [s.id, s.text]),
  );
}

/** The snippets on the page: id -> the exact text of its code block. */
export async function pageSnippets(page: Page): Promise<Record<string, string>> {
  return page
    .locator('[data-snippet]')
    .evaluateAll((cards) =>
      Object.fromEntries(
        cards.map((c) => [c.getAttribute('data-snippet') ?? '', c.querySelector('pre')?.textContent ?? '']),
      ),
    );
}

/** Waits until the page shows exactly the engine's snippets for the address bar's query. */
export async function expectPageMatchesUrl(page: Page): Promise<void> {
  // Polls the ids that differ (missing, extra or other text), so a failure names them.
  const differing = async () => {
    const shown = await pageSnippets(page);
    const expected = expectedSnippets(currentQuery(page));
    const ids = new Set([...Object.keys(shown), ...Object.keys(expected)]);
    return [...ids].filter((id) => shown[id] !== expected[id]);
  };
  await expect.poll(differing).toEqual([]);
}

/** The CLI's output for a query and format, run the way a user runs it. */
export function cli(query: string, format: 'markdown' | 'json' | 'text'): string {
  return execFileSync('npx', ['tsx', 'lib/cli.ts', query, '--format', format], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/**
 * Resolves after the lazily loaded highlighter has coloured the code blocks. Blocks are coloured when
 * they come within a screen of the viewport, and a long results column (the database targets' tables
 * and warnings) can put the first card further down: it is brought near first.
 */
export async function waitForHighlighting(page: Page): Promise<void> {
  // Retried as a whole: while the page is still replacing its cards, the first card may be a new one.
  await expect(async () => {
    await page
      .locator('[data-snippet] pre')
      .first()
      .evaluate((pre) => pre.scrollIntoView({ block: 'nearest' }));
    await expect(page.locator('[data-snippet] pre span[style]').first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}
