/** Creates the shared results file, and at the end writes tests/real/results.md and prints it. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { failures, readRecords, table } from './results';

export default function setup(project: TestProject): () => void {
  // setpriv (dropping to postgres/mysql), ip netns and unshare all need root, as in CI (.ci/run).
  if (process.getuid?.() !== 0)
    throw new Error('tests/real must run as root: it starts daemons as their own users and creates network namespaces');
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'ka-real-results-'));
  const file = join(dir, 'records.jsonl');
  project.provide('realResultsFile', file);
  return () => {
    const records = readRecords(file);
    const fails = failures(records);
    const md = [
      '# Real software results',
      '',
      'Written by `npm run test:real` (tests/real). Each generated snippet is counted once per daemon',
      '(identical settings are checked once); "read back" means the daemon itself reported the planned values.',
      '',
      table(records),
      '',
      fails.length === 0 ? 'No failures.' : ['Failures:', ...fails].join('\n'),
      '',
    ].join('\n');
    writeFileSync(fileURLToPath(new URL('../results.md', import.meta.url)), md);
    rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`\n${md}\nreal suite duration: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  };
}
