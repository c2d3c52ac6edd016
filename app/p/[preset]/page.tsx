import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ConfiguratorIsland } from '@/components/ConfiguratorIsland';
import { PRESETS, presetById } from '@/lib/presets';

/** One static page per preset (lib/presets.ts), written at build: /p/ID.html in the export. */
export function generateStaticParams(): { preset: string }[] {
  return PRESETS.map((p) => ({ preset: p.id }));
}

// A static export has no server to render an unknown id: it is a 404.
export const dynamicParams = false;

type Props = { params: Promise<{ preset: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const preset = presetById((await params).preset);
  return { title: preset ? `${preset.title}: keepalive-config` : 'keepalive-config' };
}

/**
 * A preset's answer in the HTML, as the home page holds the default one: the preset links open
 * these without JavaScript. With JavaScript the page is the same configurator, started from the
 * preset; a link with a query still takes over from the address bar.
 */
export default async function PresetPage({ params }: Props) {
  const preset = presetById((await params).preset);
  if (!preset) notFound();
  return (
    <>
      <header className="mx-auto max-w-[1600px] px-4 pt-4 pb-2 sm:px-6">
        <p className="text-sm font-semibold tracking-wide text-teal-700 dark:text-teal-400">
          <a href="/" className="hover:underline">
            keepalive-config
          </a>
        </p>
        <h1 className="text-lg font-semibold text-slate-900 dark:text-white">{preset.title}</h1>
        <p className="max-w-3xl text-sm text-slate-600 dark:text-slate-400">{preset.description}</p>
      </header>
      <noscript>
        <p className="mx-auto max-w-[1600px] px-4 pb-3 text-sm text-amber-800 sm:px-6 dark:text-amber-300">
          Without JavaScript this page shows this setup; the other common setups are links that work too, but the inputs
          need JavaScript. The command-line tool gives the same output for any query.
        </p>
      </noscript>
      <ConfiguratorIsland query={preset.query} />
    </>
  );
}
