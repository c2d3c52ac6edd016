'use client';
import { useEffect, useState } from 'react';

export const buttonClass =
  'inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium ' +
  'text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-teal-600 ' +
  'dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700';

/** Puts exactly `text` on the clipboard; false when the browser refuses. */
async function copyText(text: string | (() => Promise<string>)): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(typeof text === 'string' ? text : await text());
    return true;
  } catch {
    return false;
  }
}

/** Copies text and says so twice: on the button for sighted users, through the live region for the rest. */
export function CopyButton(props: {
  /** The text, or how to make it when the button is pressed. */
  text: string | (() => Promise<string>);
  label: string;
  /** What was copied, for the announcement and, when the visible label is short, the button's name. */
  what: string;
  named?: boolean;
  announce: (message: string) => void;
}) {
  const { text, label, what, named, announce } = props;
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className={buttonClass}
      aria-label={named ? `${label} ${what}` : undefined}
      onClick={async () => {
        const ok = await copyText(text);
        setCopied(ok);
        announce(ok ? `Copied ${what}` : 'Copying failed: select the text and copy it by hand');
      }}
    >
      {copied ? 'Copied' : label}
    </button>
  );
}
