'use client';
import type { Snippet } from '@/lib/types';
import { loadEngine } from '../engine';
import type { View } from '../model';
import { CopyButton, buttonClass } from './CopyButton';

/**
 * The whole result as one Markdown runbook (lib/runbook.ts): copy it, or save it as a .md file.
 * The text is made on click, by the engine the page has loaded by then.
 */
export function RunbookActions(props: { plan: View['plan']; snippets: readonly Snippet[]; filename: string; announce: (message: string) => void }) {
  const { plan, snippets, filename, announce } = props;
  const markdown = () => loadEngine().then((m) => m.runbook(plan, snippets));
  const download = async () => {
    const text = await markdown();
    const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.click();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
    announce(`Downloading ${filename}`);
  };
  return (
    <div className="flex flex-wrap gap-2">
      <CopyButton text={markdown} label="Copy all as Markdown runbook" what="the runbook" announce={announce} />
      <button type="button" className={buttonClass} onClick={download}>
        Download {filename}
      </button>
    </div>
  );
}
