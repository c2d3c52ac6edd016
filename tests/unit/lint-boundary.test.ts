// The lint boundary that keeps lib/ pure (eslint.config.mjs): a UI import from any depth of lib/ is an
// error, the same import from components/ is not.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
const errorsOf = async (file: string, code: string) =>
  (await eslint.lintText(code, { filePath: file }))[0]?.messages.filter((m) => m.ruleId === 'no-restricted-imports') ??
  [];

describe('lib/ imports no UI', () => {
  it.each([
    ['lib/engine.ts', "import { Notice } from '../components/Notice';"],
    ['lib/targets/nginx.ts', "import { Notice } from '../../components/Notice';"],
    ['lib/timeline/index.ts', "import { Notice } from '@/components/Notice';"],
    ['lib/render/lines.ts', "import { useState } from 'react';"],
    ['lib/targets/ssh.ts', "import page from '../../app/page';"],
  ])('%s: %s', async (file, code) => {
    expect((await errorsOf(file, `${code}\nexport const x = 1;\n`)).length).toBe(1);
  });

  it('components/ may import components/', async () => {
    expect(
      await errorsOf('components/results/Results.tsx', "import { Notice } from '../Notice';\nexport const x = 1;\n"),
    ).toEqual([]);
  });
});
