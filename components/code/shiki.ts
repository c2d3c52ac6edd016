// Loaded with a dynamic import after first paint: the fine-grained shiki core, the JavaScript regex
// engine (no WebAssembly), only the grammars the snippets use, and one light and one dark theme, each
// with its colours made readable on the code block's background (WCAG AA, ./contrast.ts).
import { createHighlighterCore, type HighlighterCore } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import { CODE_BACKGROUND, readableTheme } from './contrast';
import { THEMES } from './themes';

export function createHighlighter(): Promise<HighlighterCore> {
  return createHighlighterCore({
    themes: [
      import('shiki/themes/github-light.mjs').then((m) =>
        readableTheme(m.default, CODE_BACKGROUND.light, THEMES.light),
      ),
      import('shiki/themes/github-dark.mjs').then((m) => readableTheme(m.default, CODE_BACKGROUND.dark, THEMES.dark)),
    ],
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
      import('shiki/langs/apache.mjs'),
      // No grammar for ruby (Puma's one-line config): its grammar embeds a dozen others, and
      // CodeBlock shows a block whose language is not loaded as plain text.
    ],
    engine: createJavaScriptRegexEngine({ forgiving: true }),
  });
}
