'use client';
import { shareLink } from '@/lib/link';
import type { Snippet } from '@/lib/types';
import { BUILD } from '../build';
import type { View } from '../model';
import { CopyButton, buttonClass } from './CopyButton';

/**
 * Where the state's link starts: the site's URL from the build, else this page's own address, the
 * home page's (a preset's static page, /p/ID, shares its query with the home page).
 */
function siteBase(): string {
  if (BUILD.siteUrl !== undefined) return BUILD.siteUrl;
  const { origin, pathname } = window.location;
  return `${origin}${pathname.replace(/p\/[^/]+\/?$/, '')}`;
}

/**
 * The whole result as one Markdown runbook (lib/runbook.ts): copy it, or save it as a .md file; and
 * the full link of the current state. The runbook is made on click, by the engine the page has
 * loaded by then, with the site's URL and the version from the build.
 */
export function RunbookActions(props: {
  plan: View['plan'];
  snippets: readonly Snippet[];
  filename: string;
  announce: (message: string) => void;
}) {
  const { plan, snippets, filename, announce } = props;
  // The runbook's module is a chunk of its own, fetched on the first copy or download.
  const markdown = () =>
    import('@/lib/runbook').then((m) => m.runbook(plan, snippets, { version: BUILD.version, siteUrl: BUILD.siteUrl }));
  const link = () => Promise.resolve(shareLink(plan.shareQuery, siteBase()));
  const download = async () => {
    const text = await markdown();
    const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown;charset=utf-8' }));
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = filename;
    anchor.click();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
    announce(`Downloading ${filename}`);
  };
  return (
    <div className="flex flex-wrap gap-2">
      <CopyButton text={link} label="Copy link" what="the link to this setup" announce={announce} />
      <CopyButton text={markdown} label="Copy all as Markdown runbook" what="the runbook" announce={announce} />
      <button type="button" className={buttonClass} onClick={download}>
        Download {filename}
      </button>
      <noscript>
        <p className="w-full text-sm text-amber-800 dark:text-amber-300" data-testid="buttons-need-js">
          These buttons and the copy buttons need JavaScript: select the text of a card and copy it instead.
        </p>
      </noscript>
    </div>
  );
}
