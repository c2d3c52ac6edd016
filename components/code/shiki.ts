// Loaded with a dynamic import after first paint: the fine-grained shiki core, the JavaScript regex
// engine (no WebAssembly), only the grammars the snippets use, and one light and one dark theme.
import { createHighlighterCore, type HighlighterCore } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';

export function createHighlighter(): Promise<HighlighterCore> {
  return createHighlighterCore({
    themes: [import('shiki/themes/github-light.mjs'), import('shiki/themes/github-dark.mjs')],
    langs: [
      import('shiki/langs/ini.mjs'),
      import('shiki/langs/ssh-config.mjs'),
      import('shiki/langs/nginx.mjs'),
      import('shiki/langs/yaml.mjs'),
      import('shiki/langs/shellscript.mjs'),
      import('shiki/langs/python.mjs'),
      import('shiki/langs/javascript.mjs'),
      import('shiki/langs/go.mjs'),
      import('shiki/langs/java.mjs'),
      import('shiki/langs/properties.mjs'),
      import('shiki/langs/hcl.mjs'),
    ],
    engine: createJavaScriptRegexEngine({ forgiving: true }),
  });
}
